import { IsInt, IsISO8601, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { SignatureRequestEvent } from './signature-request-event';

/** A signer refused, with the reason they gave (for the requester); the request ends here. */
export class SignatureRequestRejectedV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.rejected.v1';
  static readonly topic = 'signatures.request';
  @IsInt() @Min(1) @Max(20) step: number;
  @IsString() @IsNotEmpty() @MaxLength(255) rejectedBy: string;
  @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
  @IsISO8601({ strict: true }) rejectedAt: string;
}
