// @Type (nested validation) reads design metadata when the class is defined, even outside Nest.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** A signer, by user id: messaging finds the address in its own directory (docs/personal-data-in-events.md). */
export class SignerRefV1 {
  @IsString() @IsNotEmpty() @MaxLength(255) userId: string;
  /** Only in records from before the upgrade (issue 14, item 5): producers no longer write it; consumers ask their directory. */
  @IsOptional() @IsEmail() email?: string;
}

/** One step: its signers sign in parallel; steps run in order, from 1. */
export class SigningStepV1 {
  @IsInt() @Min(1) @Max(20) step: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => SignerRefV1) signers: SignerRefV1[];
}

/**
 * What every event of a signature request carries: its ids, the tenant, the title (for the
 * notification's subject) and who asked, by user id. Never the document's bytes, never names or addresses.
 */
export abstract class SignatureRequestEvent {
  @IsUUID() requestId: string;
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @IsString() @IsNotEmpty() @MaxLength(255) requesterId: string;
  /** Only in records from before the upgrade (issue 14, item 5): producers no longer write it; consumers ask their directory. */
  @IsOptional() @IsEmail() requesterEmail?: string;
  /** Set when the request is a device handover protocol (devices: handover requested). */
  @IsOptional() @IsUUID() handoverId?: string;
}
