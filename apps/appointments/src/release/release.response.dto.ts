import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WallClock } from '../time/wall-clock';
import type { Release } from './release';

/** What everyone may know about a release: when and how, and — after the draw — the seed to check it. */
export class ReleaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['draw'],
    description: 'How the slots are given out: by lottery among the requests collected until `requestsUntil`',
  })
  method: 'draw';
  @ApiProperty({ enum: ['collecting', 'drawn'] }) status: Release['status'];
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) officeIds: string[];
  @ApiProperty({ example: '2027-01-04T00:00:00+01:00' }) slotsFrom: string;
  @ApiProperty({ example: '2027-02-01T00:00:00+01:00' }) slotsTo: string;
  @ApiProperty({ example: '2026-12-15T10:00:00+01:00', description: 'The draw, and the moment every result is published' })
  requestsUntil: string;
  @ApiProperty({ description: 'SHA-256 of the seed, public before the draw' }) seedSha256: string;
  @ApiPropertyOptional({ description: 'Only after the draw: with it and the requests the draw can be repeated' }) seed?: string;
  @ApiPropertyOptional({ description: 'Only after the draw: how many slots were given out by lot' }) slotsDrawn?: number;
}

export function releaseResponse(release: Release, timeZone: string): ReleaseResponse {
  const clock = new WallClock(timeZone);
  return {
    id: release.id,
    method: 'draw',
    status: release.status,
    serviceId: release.serviceId,
    officeIds: release.officeIds,
    slotsFrom: clock.format(release.slotsFrom.getTime()),
    slotsTo: clock.format(release.slotsTo.getTime()),
    requestsUntil: clock.format(release.requestsUntil.getTime()),
    seedSha256: release.seedSha256,
    ...(release.status === 'drawn' ? { seed: release.seed, slotsDrawn: release.slotsDrawn ?? 0 } : {}),
  };
}
