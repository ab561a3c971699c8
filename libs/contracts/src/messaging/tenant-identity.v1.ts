import { IsIn, IsInt, IsNotEmpty, IsObject, IsString, Matches, MaxLength, Min } from 'class-validator';

/** How a tenant's issuer vouches for an address: its `email_verified` claim, or trusted as such (Entra ID sends none). */
export const EMAIL_VERIFIED_MODES = ['claim', 'trusted'] as const;
export type EmailVerifiedMode = (typeof EMAIL_VERIFIED_MODES)[number];

/**
 * A municipality signs its people in with its own OpenID Connect issuer: the whole configuration
 * (no secrets — the client is public, PKCE). Compacted topic keyed by the tenant: the latest record
 * per tenant is what a service started later must learn. `revision` orders the records of one tenant.
 */
export class TenantIdentityConfiguredV1 {
  static readonly type = 'de.amtsweg.messaging.tenant.identity-configured.v1';
  static readonly topic = 'messaging.tenant-identity';

  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsString() @IsNotEmpty() @MaxLength(500) issuer: string;
  @IsString() @IsNotEmpty() @MaxLength(500) audience: string;
  @IsString() @IsNotEmpty() @MaxLength(500) clientId: string;
  @IsString() @IsNotEmpty() @MaxLength(200) rolesClaim: string;
  /** `{ "<value in the token's roles claim>": "staff" | "clerk" | "it-admin" | "tenant-admin" }`. */
  @IsObject() roleMapping: Record<string, string>;
  @IsIn(EMAIL_VERIFIED_MODES) emailVerified: EmailVerifiedMode;
  @IsInt() @Min(1) revision: number;
}

/** The municipality's issuer no longer signs anyone in (its tokens are refused from then on). */
export class TenantIdentityRemovedV1 {
  static readonly type = 'de.amtsweg.messaging.tenant.identity-removed.v1';
  static readonly topic = 'messaging.tenant-identity';

  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsInt() @Min(1) revision: number;
}
