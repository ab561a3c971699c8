import { IsIn } from 'class-validator';
import { SealedBookingMail } from './booking-mail-details';

/** The booking is cancelled; the mail’s calendar file removes the entry. Personal data only sealed (SealedBookingMail). */
export class BookingCancelledV2 extends SealedBookingMail {
  static readonly type = 'de.amtsweg.appointments.booking.cancelled.v2';
  static readonly topic = 'appointments.booking';
  @IsIn(['citizen', 'office']) cancelledBy: 'citizen' | 'office';
}
