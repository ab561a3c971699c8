import { IsEmail, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/**
 * A tenant-admin removed a person's second factor for signing: they must set it up again before
 * they sign, and are told so (messaging) — a reset they did not ask for is worth a look.
 */
export class SigningFactorResetV1 {
  static readonly type = 'de.amtsweg.signatures.signing-factor.reset.v1';
  static readonly topic = 'signatures.signing-factor';
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsString() @IsNotEmpty() @MaxLength(255) userId: string;
  /** Only in records from before the upgrade (issue 14, item 5): producers no longer write it; consumers ask their directory. */
  @IsOptional() @IsEmail() email?: string;
  @IsString() @IsNotEmpty() @MaxLength(255) resetBy: string;
  @IsISO8601({ strict: true }) resetAt: string;
}
