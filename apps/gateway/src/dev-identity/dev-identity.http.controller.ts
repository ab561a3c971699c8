import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, PlatformConfig } from '@amtsweg/platform';
import { DEMO_USERS, findDemoUser } from '@amtsweg/platform';
import { DevIssuer } from './dev-issuer';
import { DevTokenRequest } from './dev-token.request.dto';

@ApiTags('development')
@Controller()
export class DevIdentityController {
  constructor(
    private readonly issuer: DevIssuer,
    private readonly config: PlatformConfig,
  ) {}

  @Post('api/v1/dev/token')
  @HttpCode(200)
  @ApiOperation({ summary: 'A token for a seeded demo user (refused in production)' })
  @ApiResponse({ status: 200, description: '{ access_token, token_type, expires_in }' })
  @ApiResponse({ status: 404, description: 'Unknown demo user, or production' })
  async token(@Body() request: DevTokenRequest): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    this.refuseOutsideDevelopment();
    const user = findDemoUser(request.email);
    if (!user) throw DomainError.notFound('DEV.UNKNOWN_USER', 'There is no demo user with this e-mail address.');
    return { access_token: await this.issuer.issue(user), token_type: 'Bearer', expires_in: this.issuer.lifetimeSeconds };
  }

  @Get('api/v1/dev/users')
  @ApiOperation({ summary: 'The seeded demo users the sign-in page offers (refused in production)' })
  users(): Array<{ email: string; name: string; tenant: string; roles: string[] }> {
    this.refuseOutsideDevelopment();
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
