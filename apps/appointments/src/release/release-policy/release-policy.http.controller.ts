import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TenantRoute } from '@amtsweg/platform';
import { appointmentsRoute } from '../../http/appointments-route';
import { CurrentTenant } from '../../tenancy/known-tenant.guard';
import type { Tenant } from '../../tenancy/tenant';
import { ListReleasesHandler } from '../list-releases/list-releases.handler';
import { ReleaseResponse, releaseResponse } from '../release.response.dto';

export class ReleasePolicyResponse {
  @ApiProperty({
    example: 60,
    description: 'Every slot opens for first-come booking exactly this many days before it starts — continuously, not in batches',
  })
  opensDaysAhead: number;
  @ApiProperty({ example: 60, description: 'Slots starting sooner than this are not booked online' }) leadTimeMinutes: number;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 15,
    description: 'A booking is held this long for its confirmation by mail; null: confirmed at once',
  })
  holdMinutes: number | null;
  @ApiProperty({
    example: 30,
    description: 'A cancelled slot is offered to the waiting list first and reopens to everyone after this delay',
  })
  reopenDelayMinutes: number;
  @ApiProperty({ description: 'Whether holding a slot needs a solved proof-of-work challenge (GET …/challenge)' }) proofOfWork: boolean;
  @ApiProperty({ description: 'Whether a limit of requests per minute and client address applies' }) rateLimited: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Upcoming appointments one e-mail address may hold; null: no limit' })
  maxActiveBookingsPerEmail: number | null;
  @ApiPropertyOptional({ type: ReleaseResponse, nullable: true, description: 'The next capacity released as a draw, if one is announced' })
  nextDraw: ReleaseResponse | null;
}

@TenantRoute('releases', appointmentsRoute('releases'))
export class ReleasePolicyHttpController {
  constructor(private readonly releases: ListReleasesHandler) {}

  @Get('policy')
  @ApiOperation({
    summary: 'How and when this municipality releases appointments',
    description: 'The rules every citizen is booked under, and the next draw.',
  })
  @ApiOkResponse({ type: ReleasePolicyResponse })
  async policy(@CurrentTenant() tenant: Tenant): Promise<ReleasePolicyResponse> {
    const next = (await this.releases.execute(tenant)).find(({ release }) => release.status === 'collecting');
    const { settings } = tenant;
    return {
      opensDaysAhead: settings.bookingWindowDays,
      leadTimeMinutes: settings.leadTimeMinutes,
      holdMinutes: settings.holdMinutes,
      reopenDelayMinutes: settings.reopenDelayMinutes,
      proofOfWork: settings.proofOfWorkMaxNumber !== null,
      rateLimited: settings.requestsPerMinutePerAddress !== null,
      maxActiveBookingsPerEmail: settings.maxActiveBookingsPerEmail,
      nextDraw: next ? releaseResponse(next.release, next.timeZone) : null,
    };
  }
}
