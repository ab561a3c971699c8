import { IsEmail, IsString, IsUrl, Matches, MaxLength } from 'class-validator';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Personal data an event carries for messaging alone, sealed (AES-256-GCM, EVENT_SEAL_KEYS; the
 * additional data binds it to the event's tenant and subject). Kafka and its dead-letter topics
 * see only this; see docs/personal-data-in-events.md. `keyId` says which key opens it.
 */
export class SealedForMessaging {
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,32}$/) keyId: string;
  @IsString() @Matches(BASE64URL) iv: string;
  @IsString() @Matches(BASE64URL) @MaxLength(8_000) ciphertext: string;
  @IsString() @Matches(BASE64URL) tag: string;
}

/** What a booking event's seal holds: where to mail, and the manage link (the booking's key). */
export class SealedBookingContactV1 {
  @IsEmail() email: string;
  /** PUBLIC_URL + /{tenant}/buchung/{reference}?token=… */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) manageUrl: string;
}

/** What a draw result's seal holds: where to mail. */
export class SealedRequesterContactV1 {
  @IsEmail() email: string;
}
