import { IsEmail, IsISO8601, IsNotEmpty, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';

/**
 * What messaging needs to mail a citizen about a booking — and nothing more: the e-mail address,
 * never the name (ARCHITECTURE.md, "Personal data in events").
 */
export abstract class BookingMailDetails {
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
  @IsEmail() email: string;
  /** PUBLIC_URL + /{tenant}/buchung/{reference}?token=… — the citizen’s only key to the booking. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) manageUrl: string;
}
