import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, PlatformConfig } from '@amtsweg/platform';
import { DEMO_USERS } from '@amtsweg/platform';
import { DevIssuer } from './dev-issuer';

@ApiTags('development')
@Controller()
export class DevIdentityController {
  constructor(
    private readonly issuer: DevIssuer,
    private readonly config: PlatformConfig,
  ) {}

  @Get('api/v1/dev/users')
  @ApiOperation({ summary: 'The seeded demo users the sign-in page offers (refused in production)' })
  users(): Array<{ email: string; name: string; tenant: string; roles: string[] }> {
    this.refuseOutsideDevelopment();
    // The token itself comes from messaging, which holds the directory (POST /api/v1/dev/token).
    return DEMO_USERS.map(({ email, name, tenant, roles }) => ({ email, name, tenant, roles: [...roles] }));
  }

  @Get('.well-known/openid-configuration')
  @ApiOperation({ summary: 'Discovery document of the development issuer' })
  discovery(): Record<string, unknown> {
    this.refuseOutsideDevelopment();
    const issuer = this.config.issuer;
    return {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES256'],
      subject_types_supported: ['public'],
      response_types_supported: ['token'],
    };
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys of the development issuer' })
  jwks(): { keys: object[] } {
    this.refuseOutsideDevelopment();
    return this.issuer.publicJwks();
  }

  private refuseOutsideDevelopment(): void {
    if (!this.config.usesDevIssuer) throw DomainError.notFound('DEV.DISABLED', 'Development routes are not available here.');
  }
}
