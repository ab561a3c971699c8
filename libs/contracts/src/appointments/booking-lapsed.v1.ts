import { IsISO8601, IsString, IsUUID, Matches } from 'class-validator';

/** Nobody confirmed a hold in time; the slot is free again. No personal data: nobody is mailed. */
export class BookingLapsedV1 {
  static readonly type = 'de.amtsweg.appointments.booking.lapsed.v1';
  static readonly topic = 'appointments.booking';
  @IsUUID() bookingId: string;
  @IsString() @Matches(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) reference: string;
  @IsUUID() officeId: string;
  @IsUUID() serviceId: string;
  @IsISO8601({ strict: true }) start: string;
  @IsISO8601({ strict: true }) end: string;
}
