import { IsIn } from 'class-validator';
import { BookingMailDetails } from './booking-mail-details';

export class BookingCancelledV1 extends BookingMailDetails {
  static readonly type = 'de.amtsweg.appointments.booking.cancelled.v1';
  static readonly topic = 'appointments.booking';
  @IsIn(['citizen', 'office']) cancelledBy: 'citizen' | 'office';
}
