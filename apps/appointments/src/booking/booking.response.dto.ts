import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OfficeSummary, Service } from '../office/office';
import { WallClock } from '../time/wall-clock';
import { BOOKING_STATUSES, type BookingStatus } from './booking';
import type { BookingEntity } from './booking.entity';

export class BookingResponse {
  @ApiProperty({ example: 'K7MN-4PQX', pattern: '^[A-Z0-9]{4}-[A-Z0-9]{4}$' }) reference: string;
  @ApiProperty({ enum: BOOKING_STATUSES, example: 'confirmed' }) status: BookingStatus;
  @ApiProperty({ example: '2026-12-01T08:15:00+01:00', description: "ISO 8601 in the office's offset" }) start: string;
  @ApiProperty({ example: '2026-12-01T08:45:00+01:00' }) end: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiPropertyOptional({ example: '2026-12-01T08:30:00+01:00', description: 'Only while `held`: when the hold lapses unless confirmed.' })
  heldUntil?: string;
}

export class BookingCreatedResponse extends BookingResponse {
  @ApiPropertyOptional({
    description: 'The only key to the booking: shown once, stored only as a hash. Absent for a held booking: then it is mailed.',
  })
  manageToken?: string;
}

export class BookingDetailsResponse extends BookingResponse {
  @ApiProperty({ example: 'Bürgerbüro Mitte' }) officeName: string;
  @ApiProperty({ example: 'Personalausweis beantragen' }) serviceName: string;
}

export class RescheduledBookingResponse extends BookingDetailsResponse {
  @ApiProperty({ description: 'Unchanged by rescheduling.' }) manageToken: string;
}

class CitizenNameResponse {
  @ApiProperty({ example: 'Erika Mustermann' }) name: string;
}

/** What a clerk sees of a booking: who comes, not how to reach them. */
export class ClerkBookingResponse extends BookingDetailsResponse {
  @ApiProperty({ format: 'uuid' }) counterId: string;
  @ApiProperty({ type: CitizenNameResponse }) citizen: CitizenNameResponse;
}

export function bookingResponse(booking: BookingEntity, timeZone: string): BookingResponse {
  const clock = new WallClock(timeZone);
  return {
    reference: booking.reference,
    status: booking.status,
    start: clock.format(booking.startAt.getTime()),
    end: clock.format(booking.endAt.getTime()),
    officeId: booking.officeId,
    serviceId: booking.serviceId,
    ...(booking.heldUntil ? { heldUntil: clock.format(booking.heldUntil.getTime()) } : {}),
  };
}

export function bookingDetailsResponse(
  booking: BookingEntity,
  office: OfficeSummary,
  service: Pick<Service, 'name'>,
): BookingDetailsResponse {
  return { ...bookingResponse(booking, office.timeZone), officeName: office.name, serviceName: service.name };
}

export function clerkBookingResponse(booking: BookingEntity, office: OfficeSummary, service: Pick<Service, 'name'>): ClerkBookingResponse {
  return { ...bookingDetailsResponse(booking, office, service), counterId: booking.counterId, citizen: { name: booking.citizenName } };
}
