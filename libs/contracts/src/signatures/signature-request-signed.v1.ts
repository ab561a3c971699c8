import { IsInt, IsISO8601, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SignatureRequestEvent } from './signature-request-event';

/** One signer signed; `documentSha256` is the document with this signature (and every earlier one). */
export class SignatureRequestSignedV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.signed.v1';
  static readonly topic = 'signatures.request';
  @IsInt() @Min(1) @Max(20) step: number;
  @IsString() @IsNotEmpty() @MaxLength(255) signerId: string;
  @IsISO8601({ strict: true }) signedAt: string;
  @IsString() @Matches(/^[0-9a-f]{64}$/) documentSha256: string;
}
