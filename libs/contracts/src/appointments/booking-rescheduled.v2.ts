import { IsISO8601 } from 'class-validator';
import { SealedBookingMail } from './booking-mail-details';

/** The booking moved to `start`–`end`. Personal data only sealed (SealedBookingMail). */
export class BookingRescheduledV2 extends SealedBookingMail {
  static readonly type = 'de.amtsweg.appointments.booking.rescheduled.v2';
  static readonly topic = 'appointments.booking';
  @IsISO8601({ strict: true }) previousStart: string;
  @IsISO8601({ strict: true }) previousEnd: string;
}
