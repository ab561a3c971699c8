import { ArrayMinSize, IsArray, IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { SignatureRequestEvent } from './signature-request-event';

/** Every signer of every step signed. The hashes let anyone match the files to this request. */
export class SignatureRequestCompletedV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.completed.v1';
  static readonly topic = 'signatures.request';
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(255, { each: true }) signerIds: string[];
  @IsISO8601({ strict: true }) completedAt: string;
  @IsString() @Matches(/^[0-9a-f]{64}$/) originalSha256: string;
  @IsString() @Matches(/^[0-9a-f]{64}$/) documentSha256: string;
}
