import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { DEV_KEY_ALGORITHM, DevSigningKey, ROLES } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../apps/appointments/src/appointments.database';
import { TENANT_ADDRESS_LIMIT_DESCRIPTION } from '../../apps/appointments/src/bot-resistance/address-rate-limit';
import { isProblemWithDetail, isScimErrorWithDetail, type RawResponse } from './support/raw-http';
import { serviceFor, SERVICE_NAMES } from '../../apps/gateway/src/routing/service-routes';
import { HOME_TENANT, mayCall, OTHER_TENANT, PROVIDER_ADMIN_EMAIL, ProofApp } from './support/proof-app';
import { collectRouteTable, routeTableOf, type RouteTable } from './support/route-table';

type SigningKey = Parameters<SignJWT['sign']>[0];
type TableRoute = RouteTable['routes'][number];

/**
 * Cases that fail because of a defect in a service, named so they stay visible: `<METHOD> <template> <case>`.
 * Such a case passes while the defect shows and fails once it is fixed (then remove it here).
 */
const KNOWN_DEFECTS: Record<string, string> = {};

const FORGERIES = ['wrong issuer', 'wrong audience', 'alg none', 'expired', 'not yet valid', 'foreign key'] as const;
type Forgery = (typeof FORGERIES)[number];

/** Read while this file loads: every case below is a test of its own, named before the app runs. */
const TABLE = collectRouteTable();
const authenticatedRoutes = TABLE.routes.filter((route) => route.authenticated);
/** Under a tenant's SCIM base URL: a SCIM token only (scim.http.spec.ts admits one); every person's JWT is refused. */
const scimRoutes = TABLE.routes.filter((route) => route.scim);
const publicRoutes = TABLE.routes.filter((route) => !route.authenticated && !route.scim);
const usersOf = (tenant: string) => TABLE.users.filter((user) => user.tenant === tenant);
const providerAdmin = TABLE.users.find((user) => user.email === PROVIDER_ADMIN_EMAIL)!;
/** The roles of a municipality's people: every role but `provider-admin`, whose token names no tenant. */
const TENANT_ROLES = ROLES.filter((role) => role !== 'provider-admin');
/** Provider routes (the tenant registry) name `provider-admin`; every other route is a municipality's own. */
const isProviderRoute = (route: TableRoute) => route.roles.includes('provider-admin');
const tenantBound = (route: TableRoute) => route.template.includes('{tenant}');

/** A path a client would send: the tenant filled in, every other parameter an id nobody has. */
function pathFor(route: TableRoute, tenant: string): string {
  return route.template.replace(/\{(\w+)\}/g, (_whole, name: string) => (name === 'tenant' ? tenant : randomUUID()));
}

const caseKey = (route: TableRoute, caseName: string) => `${route.method} ${route.template} ${caseName}`;
const refusedWith = (status: number) => (answer: RawResponse) => answer.status === status && isProblemWithDetail(answer);
const scimRefused = (answer: RawResponse) => answer.status === 401 && isScimErrorWithDetail(answer);
const admitted = (answer: RawResponse) => ![401, 403].includes(answer.status) && answer.status < 500;
const publicAnswer = (answer: RawResponse) =>
  answer.status !== 401 && answer.status < 500 && (![403, 404].includes(answer.status) || isProblemWithDetail(answer));

/** Every route of the OpenAPI document × no token, each demo role, the other tenant and forged tokens. */
describe('the access matrix', () => {
  let proof: ProofApp;
  let forged: Record<Forgery, string>;
  let control: string;

  beforeAll(async () => {
    proof = await ProofApp.start();
    [forged, control] = await forgedTokens(proof);
  }, 120_000);

  afterAll(async () => {
    await proof?.close();
  });

  /** Sends one case and asserts its expectation (or, for a listed defect, that the defect still shows). */
  async function expectCase(
    route: TableRoute,
    caseName: string,
    token: string | undefined,
    tenant: string,
    holds: (answer: RawResponse) => boolean,
  ): Promise<void> {
    const answer = await proof.http.send({
      method: route.method,
      path: pathFor(route, tenant),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    const key = caseKey(route, caseName);
    if (key in KNOWN_DEFECTS) {
      expect({ key, defectStillShows: !holds(answer) }).toEqual({ key, defectStillShows: true });
      return;
    }
    const seen = holds(answer)
      ? 'as expected'
      : { status: answer.status, contentType: answer.contentType, body: answer.body.slice(0, 300) };
    expect({ case: key, answer: seen }).toEqual({ case: key, answer: 'as expected' });
  }

  const tokenOf = (email: string): string => {
    const user = proof.users.find((candidate) => candidate.email === email);
    if (!user) throw new Error(`the running app has no demo user ${email}`);
    return user.token;
  };

  it('joins every operation of the OpenAPI document to its handler, so no route escapes the matrix', () => {
    expect(TABLE.routes.length).toBeGreaterThan(50);
    expect(TABLE.routes.filter((route) => !route.handlerFound).map((route) => `${route.method} ${route.template}`)).toEqual([]);
    // Role rules are read from metadata: if that read broke, no route would have one and the 403 cases would vanish.
    expect(authenticatedRoutes.filter((route) => route.roles.length > 0).length).toBeGreaterThan(10);
    // The demo users cover every tenant role and the provider-admin every provider route, so each role rule
    // meets a caller it admits and (unless it admits all) one it refuses.
    expect(new Set(usersOf(HOME_TENANT).flatMap((user) => user.roles))).toEqual(new Set(TENANT_ROLES));
    expect(providerAdmin.roles).toEqual(['provider-admin']);
    // Every signed-in route is tenant-bound (tried with the other tenant's tokens) or a provider route.
    expect(authenticatedRoutes.filter((route) => !tenantBound(route) && !isProviderRoute(route))).toEqual([]);
    expect(authenticatedRoutes.filter(isProviderRoute).map((route) => `${route.method} ${route.template}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/tenants', 'PATCH /api/v1/tenants/{tenant}']),
    );
    // The SCIM routes are recognised as such (else they would count as public and fail there), and only they.
    expect(scimRoutes.length).toBeGreaterThan(5);
    expect(TABLE.routes.filter((route) => route.scim !== route.template.includes('/scim/v2/'))).toEqual([]);
    expect(scimRoutes.filter((route) => route.authenticated)).toEqual([]);
    // The table the tests were named from is the running app's.
    expect(routeTableOf(proof)).toEqual(TABLE);
  });

  it('documents 503 SERVICE.DATABASE_UNAVAILABLE on every tenant route that reads its database', () => {
    // Every one, the live stream too: it looks the tenant up before it holds the connection open.
    const withoutDatabase: string[] = [];
    const tenantRoutes = proof.routes.filter((route) => route.template.startsWith('/api/v1/tenants/{tenant}/'));
    expect(tenantRoutes.length).toBeGreaterThan(50);
    const undocumented = tenantRoutes
      .filter((route) => !route.operation.responses?.['503']?.description?.includes('SERVICE.DATABASE_UNAVAILABLE'))
      .map((route) => `${route.method} ${route.template}`);
    expect(undocumented).toEqual(withoutDatabase);
  });

  it('generates every kind of case, and lists only known defects that are cases', () => {
    const kinds = {
      'no token → 401': authenticatedRoutes.length,
      admitted: authenticatedRoutes.flatMap((route) => usersOf(HOME_TENANT).filter((user) => mayCall(user, route))).length,
      '→ 403': authenticatedRoutes.flatMap((route) => usersOf(HOME_TENANT).filter((user) => !mayCall(user, route))).length,
      [`on ${HOME_TENANT} → 404`]: authenticatedRoutes.filter(tenantBound).length * usersOf(OTHER_TENANT).length,
      'provider-admin admitted': authenticatedRoutes.filter((route) => mayCall(providerAdmin, route)).length,
      'provider-admin → 403': authenticatedRoutes.filter((route) => !mayCall(providerAdmin, route)).length,
      'alg none → 401': authenticatedRoutes.length,
    };
    // Named in the failure, so a case kind that silently stopped being generated is visible.
    for (const [kind, count] of Object.entries(kinds)) expect([kind, count]).not.toEqual([kind, 0]);
    const cases = new Set(
      authenticatedRoutes.flatMap((route) => [
        caseKey(route, 'no token → 401'),
        ...usersOf(HOME_TENANT).map((user) => caseKey(route, mayCall(user, route) ? `${user.email} admitted` : `${user.email} → 403`)),
        ...(tenantBound(route) ? usersOf(OTHER_TENANT).map((user) => caseKey(route, `${user.email} on ${HOME_TENANT} → 404`)) : []),
        caseKey(route, mayCall(providerAdmin, route) ? 'provider-admin admitted' : 'provider-admin → 403'),
        ...FORGERIES.map((forgery) => caseKey(route, `${forgery} → 401`)),
      ]),
    );
    expect(Object.keys(KNOWN_DEFECTS).filter((key) => !cases.has(key))).toEqual([]);
  });

  describe.each(authenticatedRoutes.map((route) => [`${route.method} ${route.template}`, route] as const))('%s', (_name, route) => {
    it('no token → 401', () => expectCase(route, 'no token → 401', undefined, HOME_TENANT, refusedWith(401)));

    for (const user of usersOf(HOME_TENANT)) {
      if (mayCall(user, route)) {
        it(`${user.email} admitted`, () => expectCase(route, `${user.email} admitted`, tokenOf(user.email), HOME_TENANT, admitted));
      } else {
        it(`${user.email} → 403`, () => expectCase(route, `${user.email} → 403`, tokenOf(user.email), HOME_TENANT, refusedWith(403)));
      }
    }

    // A token for another tenant than the path's: 404, as if the resource did not exist, whatever its role.
    if (tenantBound(route))
      for (const user of usersOf(OTHER_TENANT)) {
        const caseName = `${user.email} on ${HOME_TENANT} → 404`;
        it(caseName, () => expectCase(route, caseName, tokenOf(user.email), HOME_TENANT, refusedWith(404)));
      }

    // The provider-admin (no tenant): the registry's routes, and 403 on every route of a municipality.
    if (mayCall(providerAdmin, route)) {
      it('provider-admin admitted', () =>
        expectCase(route, 'provider-admin admitted', tokenOf(PROVIDER_ADMIN_EMAIL), HOME_TENANT, admitted));
    } else {
      it('provider-admin → 403', () =>
        expectCase(
          route,
          'provider-admin → 403',
          tokenOf(PROVIDER_ADMIN_EMAIL),
          HOME_TENANT,
          (answer) => refusedWith(403)(answer) && answer.body.includes('"code":"AUTH.PROVIDER_ADMIN_NOT_ALLOWED"'),
        ));
    }

    for (const forgery of FORGERIES) {
      it(`${forgery} → 401`, () => expectCase(route, `${forgery} → 401`, forged[forgery], HOME_TENANT, refusedWith(401)));
    }
  });

  it('refuses the provider-admin on the tenant routes of every service', () => {
    const refusedIn = new Set(
      authenticatedRoutes
        .filter((route) => tenantBound(route) && !mayCall(providerAdmin, route))
        .map((route) => serviceFor(pathFor(route, HOME_TENANT))),
    );
    expect([...refusedIn].sort()).toEqual([...SERVICE_NAMES].sort());
  });

  describe.each(scimRoutes.map((route) => [`${route.method} ${route.template}`, route] as const))('%s', (_name, route) => {
    it('SCIM: no token → 401 SCIM error', () => expectCase(route, 'SCIM: no token → 401', undefined, HOME_TENANT, scimRefused));
    // A person's JWT is no SCIM token, whatever its roles or tenant.
    for (const user of TABLE.users) {
      const caseName = `SCIM: ${user.email}'s JWT → 401`;
      it(caseName, () => expectCase(route, caseName, tokenOf(user.email), HOME_TENANT, scimRefused));
    }
    it('SCIM: the honest control JWT → 401', () => expectCase(route, 'SCIM: control JWT → 401', control, HOME_TENANT, scimRefused));
  });

  it('admits the honest control token, so a forgery refused above is refused for its forgery, not its claims', () =>
    expectCase(
      // A route of a municipality: the control holds its roles, not provider-admin.
      authenticatedRoutes.find((route) => tenantBound(route) && !isProviderRoute(route))!,
      'honest control token admitted',
      control,
      HOME_TENANT,
      (answer) => ![401, 403].includes(answer.status),
    ));

  describe.each(publicRoutes.map((route) => [`${route.method} ${route.template}`, route] as const))('%s', (_name, route) => {
    it('public: not 401, refusals problem+json', () =>
      expectCase(route, 'public: not 401, refusals problem+json', undefined, HOME_TENANT, publicAnswer));
  });

  it('limits the public write routes per address on a tenant that turns the limit on: 429 problem+json with Retry-After', async () => {
    // The citizen routes whose 429 is the tenant's per-address limit (public verification has a limit of its own: published-ca.spec.ts).
    const limited = proof.routes.filter(
      (route) => !route.authenticated && route.operation.responses?.['429']?.description === TENANT_ADDRESS_LIMIT_DESCRIPTION,
    );
    expect(limited.map((route) => `${route.method} ${route.template}`)).toContain('POST /api/v1/tenants/{tenant}/bookings');
    const limit = limited.length;
    await proof.app
      .get<DataSource>(APPOINTMENTS_DATA_SOURCE, { strict: false })
      .query(`UPDATE appointments.tenant SET requests_per_minute_per_address = $1 WHERE slug = $2`, [limit, OTHER_TENANT]);
    // The limit counts in fixed one-minute windows: start early in one, so the window cannot turn mid-test.
    const secondInMinute = new Date().getSeconds();
    if (secondInMinute > 45) await new Promise((resolve) => setTimeout(resolve, (61 - secondInMinute) * 1000));
    const post = (route: TableRoute, tenant: string) =>
      proof.http.send({ method: route.method, path: pathFor(route, tenant), headers: { 'content-type': 'application/json' }, body: '{}' });
    const mismatches: Array<{ route: string; expectation: string; status: number; contentType: string; body: string }> = [];
    for (const route of limited) {
      const within = await proof.http.send({ method: route.method, path: pathFor(route, OTHER_TENANT) });
      if (within.status === 429)
        mismatches.push({
          route: `${route.method} ${route.template}`,
          expectation: `request within the limit of ${limit}`,
          status: within.status,
          contentType: within.contentType,
          body: within.body.slice(0, 300),
        });
    }
    for (const route of limited) {
      const refused = await post(route, OTHER_TENANT);
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
      if (unlimited.status === 429)
        mismatches.push({
          route: `${route.method} ${route.template}`,
          expectation: `${HOME_TENANT} has no limit`,
          status: 429,
          contentType: '',
          body: '',
        });
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});

/** Tokens that must not pass (each forged one way), and the same claims signed honestly as the control. */
async function forgedTokens(proof: ProofApp): Promise<[Record<Forgery, string>, string]> {
  const devKey = await DevSigningKey.loadOrCreate(proof.config.DATA_DIR);
  const { privateKey: foreignKey } = await generateKeyPair(DEV_KEY_ALGORITHM, { extractable: true });
  expect((await exportJWK(foreignKey)).x).not.toBe(devKey.publicJwk.x);
  const now = Math.floor(Date.now() / 1000);
  const honest = { iss: proof.config.issuer, aud: proof.config.OIDC_AUDIENCE, iat: now, exp: now + 600 };
  const sign = async (claims: JWTPayload, key: SigningKey | Promise<SigningKey> = devKey.signingKey()): Promise<string> =>
    new SignJWT({ tenant: HOME_TENANT, roles: TENANT_ROLES, email: 'forger@demo.example', name: 'Forger', ...claims })
      .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: devKey.publicJwk.kid, typ: 'JWT' })
      .setSubject(randomUUID())
      .sign(await key);
  const unsigned = (claims: JWTPayload): string =>
    [
      { alg: 'none', typ: 'JWT' },
      { tenant: HOME_TENANT, roles: TENANT_ROLES, sub: randomUUID(), ...claims },
    ]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.') + '.';
  const forged: Record<Forgery, string> = {
    'wrong issuer': await sign({ ...honest, iss: 'https://issuer.attacker.example' }),
    'wrong audience': await sign({ ...honest, aud: 'someone-else' }),
    'alg none': unsigned(honest),
    expired: await sign({ ...honest, iat: now - 7200, exp: now - 3600 }),
    'not yet valid': await sign({ ...honest, nbf: now + 3600 }),
    'foreign key': await sign(honest, foreignKey),
  };
  return [forged, await sign(honest)];
}
