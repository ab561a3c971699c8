import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { IsOffsetDateTime } from '../../time/offset-date-time';

export class AnnounceReleaseRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() serviceId: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Offices whose slots are released (1–20)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  officeIds: string[];

  @ApiProperty({ example: '2027-01-04T00:00:00+01:00', description: 'First moment of the released slots' })
  @IsOffsetDateTime()
  slotsFrom: string;

  @ApiProperty({
    example: '2027-02-01T00:00:00+01:00',
    description: 'End of the released slots (exclusive), at most 62 days after slotsFrom',
  })
  @IsOffsetDateTime()
  slotsTo: string;

  @ApiProperty({
    example: '2026-12-15T10:00:00+01:00',
    description: 'Requests are collected until then; then the draw, and every result at once',
  })
  @IsOffsetDateTime()
  requestsUntil: string;
}
