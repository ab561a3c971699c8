import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, Max, Min, ValidateNested } from 'class-validator';
import { SignatureRequestEvent, SignerRefV1 } from './signature-request-event';

/** The due date is near and these signers of the current step have not signed yet: remind them. */
export class SignatureRequestRemindedV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.reminded.v1';
  static readonly topic = 'signatures.request';
  @IsInt() @Min(1) @Max(20) step: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => SignerRefV1) signers: SignerRefV1[];
  @IsISO8601({ strict: true }) dueAt: string;
}
