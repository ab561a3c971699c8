import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_VERIFIED_MODES, type EmailVerifiedMode } from '@amtsweg/contracts';
import type { TenantIdentity } from '@amtsweg/platform';

export class TenantIdentityResponse {
  @ApiProperty() issuer: string;
  @ApiProperty() audience: string;
  @ApiProperty() clientId: string;
  @ApiProperty() rolesClaim: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) roleMapping: Record<string, string>;
  @ApiProperty({ enum: EMAIL_VERIFIED_MODES }) emailVerified: EmailVerifiedMode;
}

/** What the sign-in page needs to send a person to the municipality's issuer: nothing secret. */
export class TenantSignInResponse {
  @ApiProperty({ example: 'https://login.beispielstadt.de/realms/amtsweg' }) issuer: string;
  @ApiProperty({ example: 'amtsweg-web' }) clientId: string;
}

export function identityView(identity: TenantIdentity): TenantIdentityResponse {
  return {
    issuer: identity.issuer,
    audience: identity.audience,
    clientId: identity.clientId,
    rolesClaim: identity.rolesClaim,
    roleMapping: { ...identity.roleMapping },
    emailVerified: identity.emailVerified,
  };
}
