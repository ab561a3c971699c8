import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, ValidateNested } from 'class-validator';
import { SignatureRequestEvent, SignerRefV1 } from './signature-request-event';

/** The requester took the request back. `pendingSigners`: those who were asked and had not signed yet. */
export class SignatureRequestWithdrawnV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.withdrawn.v1';
  static readonly topic = 'signatures.request';
  @IsISO8601({ strict: true }) withdrawnAt: string;
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => SignerRefV1) pendingSigners: SignerRefV1[];
}
