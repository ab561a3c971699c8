import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { dataSourceToken, DEMO_PROVIDER_ADMIN, DEV_KEY_ALGORITHM, DevSigningKey, DomainError, PlatformConfig } from '@amtsweg/platform';
import { emailKey } from '../person';
import { PersonRepository } from '../person.repository';
import { DevTokenRequest } from './dev-token.request.dto';

const TOKEN_LIFETIME_SECONDS = 8 * 3600;

/**
 * The development identity provider (outside production, without OIDC_ISSUER): tokens for every
 * active person of the directory, so it lives where the directory does. Its key is kept under
 * messaging's DATA_DIR; the services verify against it — in one process the same file, separately
 * deployed through its key set (`OIDC_JWKS_URL`, forwarded here by the gateway).
 */
@ApiTags('development')
@Controller()
export class DevIdentityHttpController {
  constructor(
    private readonly config: PlatformConfig,
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly people: PersonRepository,
  ) {}

  @Post('api/v1/dev/token')
  @HttpCode(200)
  @ApiOperation({ summary: 'A token for an active person of the directory, or the provider demo operator (refused in production)' })
  @ApiResponse({ status: 200, description: '{ access_token, token_type, expires_in }' })
  @ApiResponse({ status: 404, description: '`DEV.UNKNOWN_USER`: no active person with this address (or production)' })
  @ApiResponse({ status: 422, description: '`DEV.TENANT_REQUIRED`: the address is a person of several tenants; name one' })
  async token(@Body() request: DevTokenRequest): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    this.refuseOutsideDevelopment();
    const access_token = await this.sign(await this.claimsFor(request));
    return { access_token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS };
  }

  @Get('.well-known/openid-configuration')
  @ApiOperation({ summary: 'Discovery document of the development issuer (refused in production)' })
  discovery(): Record<string, unknown> {
    this.refuseOutsideDevelopment();
    const issuer = this.config.issuer;
    return {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: [DEV_KEY_ALGORITHM],
      subject_types_supported: ['public'],
      response_types_supported: ['token'],
    };
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys of the development issuer (refused in production)' })
  async jwks(): Promise<{ keys: object[] }> {
    this.refuseOutsideDevelopment();
    return { keys: [(await DevSigningKey.loadOrCreate(this.config.DATA_DIR)).publicJwk] };
  }

  private refuseOutsideDevelopment(): void {
    if (!this.config.usesDevIssuer) throw DomainError.notFound('DEV.DISABLED', 'Development routes are not available here.');
  }

  private async claimsFor(request: DevTokenRequest): Promise<{ sub: string; claims: Record<string, unknown> }> {
    if (emailKey(request.email) === DEMO_PROVIDER_ADMIN.email && !request.tenant) {
      const { id, email, name, roles } = DEMO_PROVIDER_ADMIN;
      return { sub: id, claims: { roles, email, name } };
    }
    const people = (await this.people.findActiveByEmail(this.dataSource.manager, request.email)).filter(
      (person) => !request.tenant || person.tenant === request.tenant,
    );
    if (people.length === 0) throw DomainError.notFound('DEV.UNKNOWN_USER', 'There is no active person with this e-mail address.');
    if (people.length > 1)
      throw DomainError.unprocessable('DEV.TENANT_REQUIRED', 'This address is a person of several municipalities; name the tenant.', [
        { field: 'tenant', message: 'required for this address' },
      ]);
    const [person] = people;
    return { sub: person.id, claims: { tenant: person.tenant, roles: person.roles, email: person.email, name: person.name } };
  }

  private async sign({ sub, claims }: { sub: string; claims: Record<string, unknown> }): Promise<string> {
    const key = await DevSigningKey.loadOrCreate(this.config.DATA_DIR);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: key.publicJwk.kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.OIDC_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
      .sign(await key.signingKey());
  }
}
