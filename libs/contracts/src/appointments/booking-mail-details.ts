import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsISO8601, IsNotEmpty, IsString, IsUrl, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { SealedForMessaging } from '../sealed-for-messaging';

/** The booking as a mail about it names it — nothing about the citizen. */
export abstract class BookingFacts {
  @IsUUID() bookingId: string;
  @IsString() @Matches(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) reference: string;
  @IsUUID() officeId: string;
  @IsString() @IsNotEmpty() @MaxLength(200) officeName: string;
  @IsString() @IsNotEmpty() @MaxLength(500) officeAddress: string;
  @IsString() @IsNotEmpty() timeZone: string;
  @IsUUID() serviceId: string;
  @IsString() @IsNotEmpty() @MaxLength(200) serviceName: string;
  /** ISO 8601 with the office's offset. */
  @IsISO8601({ strict: true }) start: string;
  @IsISO8601({ strict: true }) end: string;
}

/**
 * v1, no longer published: the e-mail address and manage link in clear. Messaging still reads v1
 * events left on a topic at the upgrade (docs/personal-data-in-events.md, "Upgrade").
 */
export abstract class BookingMailDetails extends BookingFacts {
  @IsEmail() email: string;
  /** PUBLIC_URL + /{tenant}/buchung/{reference}?token=… — the citizen’s only key to the booking. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) manageUrl: string;
}

/**
 * v2: what messaging needs to mail a citizen about a booking. The address and the manage link
 * travel sealed for messaging alone (`contact`, a SealedBookingContactV1, bound to the event's
 * tenant and booking id); `revision` is the booking's, the calendar file's SEQUENCE.
 */
export abstract class SealedBookingMail extends BookingFacts {
  @IsInt() @Min(0) revision: number;
  @ValidateNested() @Type(() => SealedForMessaging) contact: SealedForMessaging;
}
