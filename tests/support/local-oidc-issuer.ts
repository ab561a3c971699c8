import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

/** An OpenID Connect issuer for a test: discovery and keys over plain http on 127.0.0.1, tokens signed in-process. */
export interface LocalOidcIssuer {
  /** `http://127.0.0.1:<port>/realms/<realm>` */
  issuer: string;
  /** A token of this issuer: `aud`, `exp` and `iat` preset; `claims` adds or replaces. */
  sign(claims: JWTPayload & { aud?: string | string[] }): Promise<string>;
  /** How often the issuer's discovery document and key set were fetched. */
  requests: { discovery: number; jwks: number };
}

/**
 * One http server serving any number of realms (issuers), each with its own ES256 key pair: no
 * network beyond the loopback, as in the services' own verification (discovery → `jwks_uri`).
 */
export async function startLocalOidcServer(): Promise<{ realm(name: string): Promise<LocalOidcIssuer>; close(): Promise<void> }> {
  const realms = new Map<string, { jwks: object; issuer: LocalOidcIssuer }>();
  const server: Server = createServer((req, res) => {
    const match = /^\/realms\/([a-z0-9-]+)\/(\.well-known\/openid-configuration|jwks)$/.exec(req.url ?? '');
    const realm = match && realms.get(match[1]);
    if (!match || !realm) {
      res.writeHead(404).end();
      return;
    }
    const discovery = match[2] !== 'jwks';
    realm.issuer.requests[discovery ? 'discovery' : 'jwks'] += 1;
    const body = discovery
      ? { issuer: realm.issuer.issuer, jwks_uri: `${realm.issuer.issuer}/jwks`, authorization_endpoint: `${realm.issuer.issuer}/auth` }
      : realm.jwks;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async realm(name) {
      const { publicKey, privateKey } = await generateKeyPair('ES256');
      const kid = `${name}-key`;
      const issuer = `${base}/realms/${name}`;
      const local: LocalOidcIssuer = {
        issuer,
        requests: { discovery: 0, jwks: 0 },
        sign: ({ aud = 'amtsweg', ...claims }) =>
          new SignJWT(claims)
            .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
            .setIssuer(issuer)
            .setAudience(aud)
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(privateKey),
      };
      realms.set(name, { jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] }, issuer: local });
      return local;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
