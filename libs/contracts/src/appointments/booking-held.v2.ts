import { IsIn, IsISO8601 } from 'class-validator';
import { SealedBookingMail } from './booking-mail-details';

/** A slot is held until `heldUntil`; the sealed manage link confirms it (BookingHeldV1 tells the reasons). Personal data only sealed (SealedBookingMail). */
export class BookingHeldV2 extends SealedBookingMail {
  static readonly type = 'de.amtsweg.appointments.booking.held.v2';
  static readonly topic = 'appointments.booking';
  @IsISO8601({ strict: true }) heldUntil: string;
  @IsIn(['booking', 'waiting-list', 'draw']) reason: 'booking' | 'waiting-list' | 'draw';
}
