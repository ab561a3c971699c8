import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, ValidateNested } from 'class-validator';
import { SignatureRequestEvent, SigningStepV1 } from './signature-request-event';

/** A request was uploaded with its steps of signers. Step 1 starts at once (a step-started event follows). */
export class SignatureRequestCreatedV1 extends SignatureRequestEvent {
  static readonly type = 'de.amtsweg.signatures.request.created.v1';
  static readonly topic = 'signatures.request';
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => SigningStepV1) steps: SigningStepV1[];
  @IsISO8601({ strict: true }) dueAt: string;
  @IsISO8601({ strict: true }) createdAt: string;
}
