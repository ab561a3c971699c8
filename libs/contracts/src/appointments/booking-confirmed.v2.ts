import { SealedBookingMail } from './booking-mail-details';

/** The booking is the citizen’s: mailed with its calendar file. Personal data only sealed (SealedBookingMail). */
export class BookingConfirmedV2 extends SealedBookingMail {
  static readonly type = 'de.amtsweg.appointments.booking.confirmed.v2';
  static readonly topic = 'appointments.booking';
}
