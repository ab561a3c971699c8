import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export const DEV_KEY_ALGORITHM = 'ES256';

/**
 * The development issuer's signing key, kept under the data folder so that tokens survive a
 * restart and services started separately on one machine verify the same key.
 */
export class DevSigningKey {
  private constructor(
    readonly privateJwk: JWK,
    readonly publicJwk: JWK,
  ) {}

  private static loading = new Map<string, Promise<DevSigningKey>>();

  /** Memoised per folder: the issuer and the verifier in one process must never race to create two keys. */
  static loadOrCreate(dataDir: string): Promise<DevSigningKey> {
    let loading = DevSigningKey.loading.get(dataDir);
    if (!loading) {
      loading = DevSigningKey.readOrGenerate(dataDir);
      DevSigningKey.loading.set(dataDir, loading);
    }
    return loading;
  }

  private static async readOrGenerate(dataDir: string): Promise<DevSigningKey> {
    const file = join(dataDir, 'dev-identity', 'signing-key.jwk.json');
    if (existsSync(file)) {
      const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
      return new DevSigningKey(privateJwk, publicPart(privateJwk));
    }
    const { privateKey } = await generateKeyPair(DEV_KEY_ALGORITHM, { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), alg: DEV_KEY_ALGORITHM, use: 'sig', kid: `dev-${Date.now().toString(36)}` };
    mkdirSync(join(dataDir, 'dev-identity'), { recursive: true });
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    return new DevSigningKey(privateJwk, publicPart(privateJwk));
  }

  signingKey(): ReturnType<typeof importJWK> {
    return importJWK(this.privateJwk, DEV_KEY_ALGORITHM);
  }
}

function publicPart(jwk: JWK): JWK {
  const { d: _private, ...rest } = jwk;
  return rest;
}
