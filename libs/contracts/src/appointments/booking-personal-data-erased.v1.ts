import { IsString, IsUUID, Matches } from 'class-validator';

/**
 * The citizen's name and address of a past booking are erased (retention period over). Every
 * service that keeps a copy (messaging's mail log) erases its copy too. Carries no personal data.
 */
export class BookingPersonalDataErasedV1 {
  static readonly type = 'de.amtsweg.appointments.booking.personal-data-erased.v1';
  static readonly topic = 'appointments.booking';
  @IsUUID() bookingId: string;
  @IsString() @Matches(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) reference: string;
}
