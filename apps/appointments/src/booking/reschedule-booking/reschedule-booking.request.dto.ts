import { ApiProperty } from '@nestjs/swagger';
import { IsOffsetDateTime } from '../../time/offset-date-time';

export class RescheduleBookingRequest {
  @ApiProperty({ example: '2026-12-03T10:30:00+01:00', description: 'The new slot start; ISO 8601 with offset or Z.' })
  @IsOffsetDateTime()
  start: string;
}
