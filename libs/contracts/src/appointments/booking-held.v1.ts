import { IsIn, IsISO8601 } from 'class-validator';
import { BookingMailDetails } from './booking-mail-details';

/**
 * A slot is held for the citizen until `heldUntil`; it becomes theirs only when they confirm it
 * through the mailed link (`manageUrl`, which the booking answer does not show). `reason`: they
 * asked for it (`booking`), the waiting list offers it to them (`waiting-list`), or they won it
 * in a release draw (`draw`).
 */
export class BookingHeldV1 extends BookingMailDetails {
  static readonly type = 'de.amtsweg.appointments.booking.held.v1';
  static readonly topic = 'appointments.booking';
  @IsISO8601({ strict: true }) heldUntil: string;
  @IsIn(['booking', 'waiting-list', 'draw']) reason: 'booking' | 'waiting-list' | 'draw';
}
