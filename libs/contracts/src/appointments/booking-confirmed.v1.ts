import { BookingMailDetails } from './booking-mail-details';

export class BookingConfirmedV1 extends BookingMailDetails {
  static readonly type = 'de.amtsweg.appointments.booking.confirmed.v1';
  static readonly topic = 'appointments.booking';
}
