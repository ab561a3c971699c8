import { isProblemWithDetail, isScimErrorWithDetail, type RawResponse } from './support/raw-http';
import { HOSTILE_KINDS, HostileRequestFactory, SeededRandom, type HostileRequest } from './support/hostile-requests';
import { HOME_TENANT, ProofApp } from './support/proof-app';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1500);
/** Fixed unless FUZZ_SEED says otherwise: a failure names its seed and replays exactly. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

/**
 * Answers that break the rules because of a defect in a service, named so they stay visible:
 * `<METHOD> <template> <kind>` → why. The suite skips exactly these.
 */
/** Defects the suite found and a service has not fixed yet: `METHOD template kind` → what goes wrong. None open now. */
const KNOWN_DEFECTS: Record<string, string> = {};
const IMPORT_TEMPLATE = '/api/v1/tenants/{tenant}/devices/import';
/** The registry's own route (rename, suspend): fuzzed on a tenant of its own, so a valid body cannot suspend the home tenant. */
const REGISTRY_TEMPLATE = '/api/v1/tenants/{tenant}';
const REGISTRY_TARGET = 'hostile-target';

interface Violation {
  operation: string;
  kind: string;
  request: string;
  status: number;
  contentType: string;
  body: string;
}

/** Hostile requests for every operation of the OpenAPI document, with a token of a role the route admits. */
describe('hostile input', () => {
  let proof: ProofApp;

  beforeAll(async () => {
    proof = await ProofApp.start();
    const created = await proof.http.send({
      method: 'POST',
      path: '/api/v1/tenants',
      headers: { authorization: `Bearer ${proof.providerAdmin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: REGISTRY_TARGET, name: 'Hostile Target', federalState: 'NW' }),
    });
    expect(created.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await proof?.close();
  });

  it(`answers ${REQUESTS} hostile requests (seed ${SEED}) without a 5xx, every 4xx problem+json with a detail`, async () => {
    const random = new SeededRandom(SEED);
    const factory = new HostileRequestFactory(proof.document, random);
    const routes = proof.routes;
    expect(routes.length).toBeGreaterThan(50);
    const hits = new Map<string, number>();
    const byClass = new Map<string, number>();
    const byKind = new Map<string, number>();
    const violations: Violation[] = [];
    let resets = 0;
    let knownDefectRequests = 0;
    let tooLarge = 0;
    const started = Date.now();

    for (let index = 0; index < REQUESTS; index += 1) {
      // Round-robin over operations, so each is hit REQUESTS / routes times whatever the random draws.
      const route = routes[index % routes.length];
      const kind = random.pick(HOSTILE_KINDS);
      const token = route.authenticated ? proof.permittedUser(route).token : route.scim ? await proof.scimToken() : undefined;
      const request: HostileRequest = factory.build(
        route,
        kind,
        route.template === REGISTRY_TEMPLATE ? REGISTRY_TARGET : HOME_TENANT,
        token,
      );
      const knownDefect = `${route.method} ${route.template} ${kind}` in KNOWN_DEFECTS;
      // A known defect that breaks its connection must not take the next request down with it.
      if (knownDefect) {
        request.headers = { ...request.headers, connection: 'close' };
        knownDefectRequests += 1;
      }
      // A dropped connection is an answer too (status 0): it is reported, not thrown.
      const answer: RawResponse = await proof.http
        .send(request)
        .catch((error: Error) => ({ status: 0, contentType: '', headers: {}, body: error.message }));
      const operation = `${route.method} ${route.template}`;
      hits.set(operation, (hits.get(operation) ?? 0) + 1);
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      byClass.set(`${Math.floor(answer.status / 100)}xx`, (byClass.get(`${Math.floor(answer.status / 100)}xx`) ?? 0) + 1);
      // The server answers 413 as soon as Content-Length is too large and closes without reading the
      // rest; on a busy machine the client's socket then sees the reset before it reads the 413. That
      // is a refusal too (TCP, not the service): counted apart, and the 413s themselves are checked.
      const resetOnOversizedBody = kind === 'body over the limit' && answer.status === 0 && /ECONNRESET|EPIPE/.test(answer.body);
      if (resetOnOversizedBody) resets += 1;
      if (kind === 'body over the limit' && answer.status === 413 && isProblemWithDetail(answer)) tooLarge += 1;
      const broken =
        !resetOnOversizedBody &&
        (answer.status >= 500 ||
          answer.status === 0 ||
          (answer.status >= 400 && !(route.scim ? isScimErrorWithDetail(answer) : isProblemWithDetail(answer))));
      if (broken) {
        violations.push({
          operation,
          kind,
          request: `${request.method} ${request.path.slice(0, 200)} [${request.headers?.['content-type'] ?? 'no content-type'}] ${String(request.body ?? '').slice(0, 200)}`,
          status: answer.status,
          contentType: answer.contentType,
          body: answer.body.slice(0, 300),
        });
      }
    }

    const live = await proof.http.send({ method: 'GET', path: '/health/live' });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `hostile input: ${REQUESTS} requests (seed ${SEED}) over ${hits.size} operations in ${seconds} s; ` +
        `by status class: ${[...byClass]
          .sort()
          .map(([group, count]) => `${group} ${count}`)
          .join(', ')}; ` +
        `by kind: ${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')}; oversized bodies: 413 ${tooLarge}, connection reset ${resets}; ` +
        `sent apart as known defects ${knownDefectRequests}; violations ${violations.length}`,
    );

    // Not vacuous: every request was sent, every operation and every kind of hostility was used.
    expect([...hits.values()].reduce((sum, count) => sum + count, 0)).toBe(REQUESTS);
    expect(routes.map((route) => `${route.method} ${route.template}`).filter((operation) => !hits.has(operation))).toEqual([]);
    if (REQUESTS >= HOSTILE_KINDS.length * 20) expect(HOSTILE_KINDS.filter((kind) => !byKind.has(kind))).toEqual([]);
    expect(byClass.get('4xx') ?? 0).toBeGreaterThan(REQUESTS / 2);
    expect(tooLarge).toBeGreaterThan(resets);
    // The process stayed up and still answers.
    expect(live.status).toBe(200);
    expect(violations).toEqual([]);
  }, 1_800_000);

  // Found by this suite: the import stopped reading at an over-long line and left the rest of the
  // body in the connection, so the next request on it hung. Fixed: such an answer closes the connection.
  it('keeps a keep-alive connection usable after an over-long CSV line in an oversized import', async () => {
    const route = proof.routes.find((candidate) => candidate.method === 'POST' && candidate.template === IMPORT_TEMPLATE);
    if (!route) throw new Error(`${IMPORT_TEMPLATE} is gone: remove this known defect`);
    const path = IMPORT_TEMPLATE.replace('{tenant}', HOME_TENANT);
    const token = proof.permittedUser(route).token;
    const oversized = await proof.http.send({
      method: 'POST',
      path,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: `type,model,serial\nphone,${'m'.repeat(300 * 1024)},S1\n`,
    });
    expect(oversized.status).toBeLessThan(500);
    // The same keep-alive pool: the next request goes over the connection the import used.
    const next = await Promise.race([
      proof.http.send({ method: 'GET', path: '/health/live' }).catch(() => ({ status: 0 })),
      new Promise<{ status: number }>((resolve) => setTimeout(() => resolve({ status: -1 }), 2_000)),
    ]);
    expect(next.status).toBe(200);
  }, 20_000);
});
