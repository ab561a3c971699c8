import { SignJWT } from 'jose';
import { DEMO_USERS, DEV_KEY_ALGORITHM, DevSigningKey, type PlatformConfig } from '@amtsweg/platform';

/** A bearer token of a seeded demo user, as the gateway's development issuer signs it. */
export async function demoToken(config: Pick<PlatformConfig, 'DATA_DIR' | 'issuer' | 'OIDC_AUDIENCE'>, email: string): Promise<string> {
  const user = DEMO_USERS.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  const key = await DevSigningKey.loadOrCreate(config.DATA_DIR);
  return new SignJWT({ tenant: user.tenant, roles: user.roles, email: user.email })
    .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: key.publicJwk.kid, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(config.issuer)
    .setAudience(config.OIDC_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(await key.signingKey());
}

export function demoUserId(email: string): string {
  const user = DEMO_USERS.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return user.id;
}
