import { SignJWT } from 'jose';
import type { PlatformConfig } from '../config/platform-config';
import { DEMO_USERS, type DemoUser } from '../identity/demo-users';
import { DEV_KEY_ALGORITHM, DevSigningKey } from '../identity/dev-signing-key';
import type { Role } from '../identity/principal';

type IssuerConfig = Pick<PlatformConfig, 'DATA_DIR' | 'issuer' | 'OIDC_AUDIENCE'>;

/** What a test token says; a service reads `sub`, `tenant`, `roles` and `email` (the Principal). */
export interface TestTokenClaims {
  /** Absent for a provider-admin, whose token names no tenant. */
  tenant?: string;
  roles: Role[];
  /** Default `test-user`. */
  sub?: string;
  email?: string;
  name?: string;
  /** A jose time span; default `1h`, `-1m` for one that has expired. */
  expiresIn?: string;
}

/** A token signed as the gateway's development issuer signs it, with the key under the config's DATA_DIR. */
export async function signTestToken(config: IssuerConfig, claims: TestTokenClaims): Promise<string> {
  const { tenant, roles, sub = 'test-user', email, name, expiresIn = '1h' } = claims;
  const key = await DevSigningKey.loadOrCreate(config.DATA_DIR);
  return new SignJWT({ ...(tenant === undefined ? {} : { tenant }), roles, ...(email ? { email } : {}), ...(name ? { name } : {}) })
    .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: key.publicJwk.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(config.issuer)
    .setAudience(config.OIDC_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(await key.signingKey());
}

/** The seeded demo user with this address; a typo fails the test at once. */
export function demoUser(email: string): DemoUser {
  const user = DEMO_USERS.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return user;
}

export function demoUserId(email: string): string {
  return demoUser(email).id;
}

/** A token of a seeded demo user, as the gateway's development issuer signs it; `roles` replaces theirs. */
export function demoUserToken(config: IssuerConfig, email: string, overrides: { roles?: Role[] } = {}): Promise<string> {
  const user = demoUser(email);
  return signTestToken(config, {
    tenant: user.tenant,
    roles: overrides.roles ?? user.roles,
    sub: user.id,
    email: user.email,
    name: user.name,
  });
}
