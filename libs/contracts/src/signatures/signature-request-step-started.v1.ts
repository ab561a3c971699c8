import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, Max, Min, ValidateNested } from 'class-validator';
import { SignatureRequestEvent, SignerRefV1 } from './signature-request-event';

/** A step's turn has come: its signers (all of them, in parallel) are asked to sign now. */
export class SignatureRequestStepStartedV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.step-started.v1';
  static readonly topic = 'signatures.request';
  @IsInt() @Min(1) @Max(20) step: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => SignerRefV1) signers: SignerRefV1[];
  @IsISO8601({ strict: true }) dueAt: string;
}
