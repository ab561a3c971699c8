import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { DEV_KEY_ALGORITHM, DevSigningKey, ROLES } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../apps/appointments/src/appointments.database';
import { isProblemWithDetail, type RawResponse } from './support/raw-http';
import { HOME_TENANT, mayCall, OTHER_TENANT, ProofApp, type RouteUnderProof } from './support/proof-app';

type SigningKey = Parameters<SignJWT['sign']>[0];

/**
 * Cases that fail because of a defect in a service, named so they stay visible: `<METHOD> <template> <case>`.
 * The suite skips exactly these and fails when one of them starts to pass (then remove it here).
 */
const KNOWN_DEFECTS: Record<string, string> = {};

/** A path a client would send: the tenant filled in, every other parameter an id nobody has. */
function pathFor(route: RouteUnderProof, tenant: string): string {
  return route.template.replace(/\{(\w+)\}/g, (_whole, name: string) => (name === 'tenant' ? tenant : randomUUID()));
}

interface Mismatch {
  route: string;
  expectation: string;
  status: number;
  contentType: string;
  body: string;
}

/** Every route of the OpenAPI document × no token, each demo role, the other tenant and forged tokens. */
describe('the access matrix', () => {
  let proof: ProofApp;
  let sent = 0;
  const casesByKind = new Map<string, number>();
  const mismatches: Mismatch[] = [];
  const knownDefectsSeen = new Set<string>();

  beforeAll(async () => {
    proof = await ProofApp.start();
  }, 120_000);

  afterAll(async () => {
    await proof?.close();
  });

  /** Sends one case and records it when the answer breaks the expectation. */
  async function check(
    route: RouteUnderProof,
    caseName: string,
    token: string | undefined,
    tenant: string,
    holds: (r: RawResponse) => boolean,
  ): Promise<void> {
    const answer = await proof.http.send({
      method: route.method,
      path: pathFor(route, tenant),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    sent += 1;
    const kind = caseName.replace(/^\S+@\S+ /, '');
    casesByKind.set(kind, (casesByKind.get(kind) ?? 0) + 1);
    const key = `${route.method} ${route.template} ${caseName}`;
    if (key in KNOWN_DEFECTS) {
      knownDefectsSeen.add(key);
      if (holds(answer))
        mismatches.push({
          route: key,
          expectation: 'listed as a known defect but now passes: remove it',
          status: answer.status,
          contentType: '',
          body: '',
        });
      return;
    }
    if (!holds(answer))
      mismatches.push({
        route: key,
        expectation: caseName,
        status: answer.status,
        contentType: answer.contentType,
        body: answer.body.slice(0, 300),
      });
  }

  const refusedWith = (status: number) => (answer: RawResponse) => answer.status === status && isProblemWithDetail(answer);

  function authenticatedRoutes(): RouteUnderProof[] {
    return proof.routes.filter((route) => route.authenticated);
  }

  it('joins every operation of the OpenAPI document to its handler, so no route escapes the matrix', () => {
    expect(proof.routes.length).toBeGreaterThan(50);
    expect(proof.routes.filter((route) => !route.handlerFound).map((route) => `${route.method} ${route.template}`)).toEqual([]);
    // Role rules are read from metadata: if that read broke, no route would have one and the 403 cases would vanish.
    expect(authenticatedRoutes().filter((route) => route.roles.length > 0).length).toBeGreaterThan(10);
    // The demo users cover every role, so each role rule meets a caller it admits and (unless it admits all) one it refuses.
    expect(new Set(proof.usersOf(HOME_TENANT).flatMap((user) => user.roles))).toEqual(new Set(ROLES));
  });

  it('documents 503 SERVICE.DATABASE_UNAVAILABLE on every tenant route that reads its database', () => {
    // The live stream only verifies the token and holds the connection open: it never asks the database.
    const withoutDatabase = ['GET /api/v1/tenants/{tenant}/stream'];
    const tenantRoutes = proof.routes.filter((route) => route.template.startsWith('/api/v1/tenants/{tenant}/'));
    expect(tenantRoutes.length).toBeGreaterThan(50);
    const undocumented = tenantRoutes
      .filter((route) => !route.operation.responses?.['503']?.description?.includes('SERVICE.DATABASE_UNAVAILABLE'))
      .map((route) => `${route.method} ${route.template}`);
    expect(undocumented).toEqual(withoutDatabase);
  });

  it('answers 401 problem+json to every authenticated route called without a token', async () => {
    for (const route of authenticatedRoutes()) await check(route, 'no token → 401', undefined, HOME_TENANT, refusedWith(401));
  });

  it('answers 403 to a role the route does not admit, and lets every admitted role past the guard', async () => {
    for (const route of authenticatedRoutes()) {
      for (const user of proof.usersOf(HOME_TENANT)) {
        if (mayCall(user, route)) {
          await check(
            route,
            `${user.email} admitted`,
            user.token,
            HOME_TENANT,
            (answer) => ![401, 403].includes(answer.status) && answer.status < 500,
          );
        } else {
          await check(route, `${user.email} → 403`, user.token, HOME_TENANT, refusedWith(403));
        }
      }
    }
  });

  it("answers 404 to a token of the other tenant on this tenant's path, whatever its role", async () => {
    const tenantRoutes = authenticatedRoutes().filter((route) => route.template.includes('{tenant}'));
    expect(tenantRoutes.length).toBe(authenticatedRoutes().length);
    for (const route of tenantRoutes) {
      for (const user of proof.usersOf(OTHER_TENANT))
        await check(route, `${user.email} on ${HOME_TENANT} → 404`, user.token, HOME_TENANT, refusedWith(404));
    }
  });

  it('refuses forged tokens with 401: wrong issuer or audience, alg none, expired, not yet valid, a foreign key', async () => {
    const devKey = await DevSigningKey.loadOrCreate(proof.config.DATA_DIR);
    const { privateKey: foreignKey } = await generateKeyPair(DEV_KEY_ALGORITHM, { extractable: true });
    expect((await exportJWK(foreignKey)).x).not.toBe(devKey.publicJwk.x);
    const now = Math.floor(Date.now() / 1000);
    const honest = { iss: proof.config.issuer, aud: proof.config.OIDC_AUDIENCE, iat: now, exp: now + 600 };
    const sign = async (claims: JWTPayload, key: SigningKey | Promise<SigningKey> = devKey.signingKey()): Promise<string> =>
      new SignJWT({ tenant: HOME_TENANT, roles: [...ROLES], email: 'forger@demo.example', name: 'Forger', ...claims })
        .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: devKey.publicJwk.kid, typ: 'JWT' })
        .setSubject(randomUUID())
        .sign(await key);
    const unsigned = (claims: JWTPayload): string =>
      [
        { alg: 'none', typ: 'JWT' },
        { tenant: HOME_TENANT, roles: [...ROLES], sub: randomUUID(), ...claims },
      ]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.') + '.';
    const forged: Record<string, string> = {
      'wrong issuer': await sign({ ...honest, iss: 'https://issuer.attacker.example' }),
      'wrong audience': await sign({ ...honest, aud: 'someone-else' }),
      'alg none': unsigned(honest),
      expired: await sign({ ...honest, iat: now - 7200, exp: now - 3600 }),
      'not yet valid': await sign({ ...honest, nbf: now + 3600 }),
      'foreign key': await sign(honest, foreignKey),
    };
    // The same claims signed properly pass: a refusal below is about the forgery, not the claims.
    const control = await sign(honest);
    const [first] = authenticatedRoutes();
    await check(first, 'honest control token admitted', control, HOME_TENANT, (answer) => ![401, 403].includes(answer.status));
    for (const route of authenticatedRoutes()) {
      for (const [forgery, token] of Object.entries(forged)) await check(route, `${forgery} → 401`, token, HOME_TENANT, refusedWith(401));
    }
  });

  it('never asks for a token on a public route, and answers its refusals as problem+json', async () => {
    const publicRoutes = proof.routes.filter((route) => !route.authenticated);
    expect(publicRoutes.length).toBeGreaterThan(10);
    for (const route of publicRoutes) {
      await check(
        route,
        'public: not 401, refusals problem+json',
        undefined,
        HOME_TENANT,
        (answer) => answer.status !== 401 && answer.status < 500 && (![403, 404].includes(answer.status) || isProblemWithDetail(answer)),
      );
    }
  });

  it('limits the public write routes per address on a tenant that turns the limit on: 429 problem+json with Retry-After', async () => {
    // The citizen routes that document a 429: on them a tenant's per-address limit applies.
    const limited = proof.routes.filter((route) => !route.authenticated && route.operation.responses?.['429']);
    expect(limited.map((route) => `${route.method} ${route.template}`)).toContain('POST /api/v1/tenants/{tenant}/bookings');
    const limit = limited.length;
    await proof.app
      .get<DataSource>(APPOINTMENTS_DATA_SOURCE, { strict: false })
      .query(`UPDATE appointments.tenant SET requests_per_minute_per_address = $1 WHERE slug = $2`, [limit, OTHER_TENANT]);
    // The limit counts in fixed one-minute windows: start early in one, so the window cannot turn mid-test.
    const secondInMinute = new Date().getSeconds();
    if (secondInMinute > 45) await new Promise((resolve) => setTimeout(resolve, (61 - secondInMinute) * 1000));
    const post = (route: RouteUnderProof, tenant: string) =>
      proof.http.send({ method: route.method, path: pathFor(route, tenant), headers: { 'content-type': 'application/json' }, body: '{}' });
    for (const route of limited) {
      await check(route, `request within the limit of ${limit}`, undefined, OTHER_TENANT, (answer) => answer.status !== 429);
    }
    for (const route of limited) {
      const refused = await post(route, OTHER_TENANT);
      sent += 1;
      const retryAfter = Number(refused.headers['retry-after']);
      if (!(refused.status === 429 && isProblemWithDetail(refused) && retryAfter >= 1 && retryAfter <= 60)) {
        mismatches.push({
          route: `${route.method} ${route.template}`,
          expectation: 'over the limit → 429 with Retry-After',
          status: refused.status,
          contentType: refused.contentType,
          body: refused.body,
        });
      }
      // The tenant without a limit is not affected by the other's count.
      const unlimited = await post(route, HOME_TENANT);
      sent += 1;
      if (unlimited.status === 429)
        mismatches.push({
          route: `${route.method} ${route.template}`,
          expectation: `${HOME_TENANT} has no limit`,
          status: 429,
          contentType: '',
          body: '',
        });
    }
  }, 60_000);

  it('found no mismatch, and every known defect still shows', () => {
    const publicCount = proof.routes.filter((route) => !route.authenticated).length;
    console.log(
      `access matrix: ${proof.routes.length} routes (${authenticatedRoutes().length} authenticated, ${publicCount} public), ` +
        `${sent} requests, ${mismatches.length} mismatches, ${knownDefectsSeen.size} known defects; cases: ` +
        [...casesByKind].map(([kind, count]) => `${kind} ${count}`).join(', '),
    );
    expect(sent).toBeGreaterThan(proof.routes.length * 5);
    for (const kind of ['no token → 401', 'admitted', '→ 403', `on ${HOME_TENANT} → 404`, 'alg none → 401']) {
      // Named in the failure, so a case kind that silently stopped being generated is visible.
      expect([kind, casesByKind.get(kind) ?? 0]).not.toEqual([kind, 0]);
    }
    expect(Object.keys(KNOWN_DEFECTS).filter((key) => !knownDefectsSeen.has(key))).toEqual([]);
    expect(mismatches).toEqual([]);
  });
});
