import { IsISO8601 } from 'class-validator';
import { BookingMailDetails } from './booking-mail-details';

export class BookingRescheduledV1 extends BookingMailDetails {
  static readonly type = 'de.amtsweg.appointments.booking.rescheduled.v1';
  static readonly topic = 'appointments.booking';
  @IsISO8601({ strict: true }) previousStart: string;
  @IsISO8601({ strict: true }) previousEnd: string;
}
