import { Inject, Injectable } from '@nestjs/common';
import { DevSigningKey, DEV_KEY_ALGORITHM, PlatformConfig } from '@amtsweg/platform';
import { SignJWT } from 'jose';
import type { DemoUser } from '@amtsweg/platform';

export const DEV_SIGNING_KEY = Symbol('DEV_SIGNING_KEY');
const TOKEN_LIFETIME_SECONDS = 8 * 3600;

/** Issues tokens for the demo users, signed with the key the services verify against. Development only. */
@Injectable()
export class DevIssuer {
  constructor(
    private readonly config: PlatformConfig,
    @Inject(DEV_SIGNING_KEY) private readonly key: DevSigningKey,
  ) {}

  get lifetimeSeconds(): number {
    return TOKEN_LIFETIME_SECONDS;
  }

  async issue(user: DemoUser): Promise<string> {
    return new SignJWT({ tenant: user.tenant, roles: user.roles, email: user.email, name: user.name })
      .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: this.key.publicJwk.kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.OIDC_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
      .sign(await this.key.signingKey());
  }

  publicJwks(): { keys: object[] } {
    return { keys: [this.key.publicJwk] };
  }
}
