import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { SignatureRequestEvent, SignerRefV1 } from './signature-request-event';

/**
 * A signer who has not signed yet (in the current step, or a later one: `step`) was deactivated in
 * the directory: they can no longer sign, so the request will not complete as it stands. Tells its
 * requester (withdraw it and ask again).
 */
export class SignatureRequestSignerDeactivatedV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.signer-deactivated.v1';
  static readonly topic = 'signatures.request';
  @IsInt() @Min(1) @Max(20) step: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => SignerRefV1) signers: SignerRefV1[];
}
