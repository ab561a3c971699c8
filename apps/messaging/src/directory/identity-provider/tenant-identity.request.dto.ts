import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EMAIL_VERIFIED_MODES, type EmailVerifiedMode } from '@amtsweg/contracts';

export class ConfigureTenantIdentityRequest {
  @ApiProperty({
    example: 'https://login.beispielstadt.de/realms/amtsweg',
    description: "The issuer (`iss`) of the municipality's tokens: an https URL (http only for localhost outside production)",
    maxLength: 500,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  issuer: string;

  @ApiProperty({ example: 'amtsweg', description: 'The `aud` the tokens must carry', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  audience: string;

  @ApiProperty({
    example: 'amtsweg-web',
    description: 'The public client the web sign-in uses (authorization code + PKCE)',
    maxLength: 500,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  clientId: string;

  @ApiProperty({
    example: 'realm_access.roles',
    description:
      'The claim with the roles: a name or a dotted path (Keycloak `realm_access.roles`, `resource_access.<client>.roles`; Entra `roles`)',
    maxLength: 200,
  })
  @IsString()
  @Matches(/^[^\s]{1,200}$/, { message: 'rolesClaim must be a claim name or a dotted path without spaces' })
  rolesClaim: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['staff', 'clerk', 'it-admin', 'tenant-admin'] },
    example: { 'amtsweg-sachbearbeitung': 'clerk', 'amtsweg-mitarbeitende': 'staff', 'amtsweg-admin': 'tenant-admin' },
    description: 'Values of the roles claim → our roles; values not listed are ignored',
  })
  @IsObject()
  roleMapping: Record<string, string>;

  @ApiPropertyOptional({
    enum: EMAIL_VERIFIED_MODES,
    default: 'claim',
    description:
      "'claim': a token must say `email_verified: true`; 'trusted': the issuer vouches for every address it puts in `email` (Microsoft Entra ID sends no `email_verified`)",
  })
  @IsOptional()
  @IsIn(EMAIL_VERIFIED_MODES)
  emailVerified?: EmailVerifiedMode;
}
