import { ApiProperty } from '@nestjs/swagger';

export class AffectedBookingResponse {
  @ApiProperty({ example: 'K7MN-4PQX' }) reference: string;
  @ApiProperty({ example: '2026-12-01T08:15:00+01:00', description: "The office's local time" }) start: string;
}

/** What a change of hours, counters, closures or offered offices did to bookings. */
export class AffectedBookingsResponse {
  @ApiProperty({
    type: [AffectedBookingResponse],
    description: 'Bookings that no longer fit and were cancelled (cancelAffected: true); each citizen is mailed',
  })
  affectedBookings: AffectedBookingResponse[];
}

export const AFFECTED_BOOKINGS_CONFLICT =
  '`OFFICE.BOOKINGS_AFFECTED`: bookings would no longer fit; the problem lists them in `affectedBookings` — send `cancelAffected: true` to cancel them';
