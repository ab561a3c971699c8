import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, ValidateNested } from 'class-validator';
import { SignatureRequestEvent, SignerRefV1 } from './signature-request-event';

/** The due date passed before every signer signed. `pendingSigners`: the current step's signers who had not signed. */
export class SignatureRequestExpiredV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.expired.v1';
  static readonly topic = 'signatures.request';
  @IsISO8601({ strict: true }) dueAt: string;
  @IsISO8601({ strict: true }) expiredAt: string;
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => SignerRefV1) pendingSigners: SignerRefV1[];
}
