import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

/** An OpenID Connect issuer for a test: discovery and keys over plain http on 127.0.0.1, tokens signed in-process. */
export interface LocalOidcIssuer {
  /** `http://127.0.0.1:<port>/realms/<realm>` */
  issuer: string;
  /** A token of this issuer: `aud`, `exp` and `iat` preset; `claims` adds or replaces. */
  sign(claims: JWTPayload & { aud?: string | string[] }): Promise<string>;
  /** How often the issuer's discovery document and key set were fetched, and codes traded with a matching PKCE verifier. */
  requests: { discovery: number; jwks: number; codes: number };
  /** Who "signs in" at the authorization endpoint next (a browser test): the access token's claims. */
  nextSignIn?: JWTPayload;
}

/**
 * One http server serving any number of realms (issuers), each with its own ES256 key pair: no
 * network beyond the loopback, as in the services' own verification (discovery → `jwks_uri`).
 */
export async function startLocalOidcServer(): Promise<{
  origin: string;
  realm(name: string): Promise<LocalOidcIssuer>;
  close(): Promise<void>;
}> {
  const realms = new Map<string, { jwks: object; issuer: LocalOidcIssuer }>();
  // Authorization codes (the authorization code flow of a public client, PKCE S256), each usable once.
  const codes = new Map<string, { realm: string; challenge: string; redirectUri: string; claims: JWTPayload }>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/realms\/([a-z0-9-]+)\/(\.well-known\/openid-configuration|jwks|auth|token)$/.exec(url.pathname);
    const realm = match && realms.get(match[1]);
    // The sign-in page reads discovery and trades its code from the browser (another origin).
    const cors = { 'access-control-allow-origin': '*' };
    if (!match || !realm) {
      res.writeHead(404, cors).end();
      return;
    }
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(body));
    const { issuer } = realm.issuer;
    if (match[2] === 'auth') {
      const challenge = url.searchParams.get('code_challenge');
      const redirectUri = url.searchParams.get('redirect_uri');
      if (!challenge || !redirectUri || url.searchParams.get('code_challenge_method') !== 'S256' || !realm.issuer.nextSignIn) {
        res.writeHead(400).end();
        return;
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, { realm: match[1], challenge, redirectUri, claims: realm.issuer.nextSignIn });
      const back = new URL(redirectUri);
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '' }).toString();
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (match[2] === 'token') {
      void formOf(req).then(async (form) => {
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url');
        if (!pending || pending.realm !== match[1] || pending.challenge !== verifier || pending.redirectUri !== form.get('redirect_uri'))
          return json(400, { error: 'invalid_grant' });
        realm.issuer.requests.codes += 1;
        json(200, { access_token: await realm.issuer.sign(pending.claims), token_type: 'Bearer', expires_in: 300 });
      });
      return;
    }
    const discovery = match[2] !== 'jwks';
    realm.issuer.requests[discovery ? 'discovery' : 'jwks'] += 1;
    json(
      200,
      discovery
        ? { issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` }
        : realm.jwks,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin: base,
    async realm(name) {
      const { publicKey, privateKey } = await generateKeyPair('ES256');
      const kid = `${name}-key`;
      const issuer = `${base}/realms/${name}`;
      const local: LocalOidcIssuer = {
        issuer,
        requests: { discovery: 0, jwks: 0, codes: 0 },
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

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
