import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { DomainError } from '../http/problem';
import { TokenVerifier } from './token-verifier';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'amtsweg';

describe('TokenVerifier: tenants’ people and provider-admins', () => {
  let verifier: TokenVerifier;
  let sign: (claims: JWTPayload) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    verifier = TokenVerifier.local(ISSUER, AUDIENCE, { keys: [jwk] });
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('user-1')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
  });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'admitted',
      (error: DomainError) => `${error.status} ${error.code}`,
    );

  it('reads a tenant’s person with their tenant and roles', async () => {
    expect(await verifier.verifyCaller(await sign({ tenant: 'demo', roles: ['clerk', 'staff', 'nonsense'] }))).toEqual({
      userId: 'user-1',
      tenant: 'demo',
      roles: ['clerk', 'staff'],
      email: undefined,
    });
  });

  it('reads a provider-admin without a tenant as a principal of its own kind', async () => {
    expect(await verifier.verifyCaller(await sign({ roles: ['provider-admin'], email: 'betrieb@amtsweg.example' }))).toEqual({
      kind: 'provider-admin',
      userId: 'user-1',
      email: 'betrieb@amtsweg.example',
    });
  });

  it('refuses a token without a tenant that is no provider-admin’s, and one that is both', async () => {
    expect(await refusal(verifier.verifyCaller(await sign({ roles: ['tenant-admin'] })))).toBe('401 AUTH.INVALID_TOKEN');
    expect(await refusal(verifier.verifyCaller(await sign({ tenant: 'demo', roles: ['provider-admin'] })))).toBe('401 AUTH.INVALID_TOKEN');
  });

  it('refuses a provider-admin where only tenants’ people are served (verify): 403', async () => {
    expect(await refusal(verifier.verify(await sign({ roles: ['provider-admin'] })))).toBe('403 AUTH.PROVIDER_ADMIN_NOT_ALLOWED');
    expect(await refusal(verifier.verify(await sign({ tenant: 'demo', roles: ['staff'] })))).toBe('admitted');
  });
});
