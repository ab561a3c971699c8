import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DueRequests } from '../src/schedule/due-requests';
import { inspectSignatures } from '../src/pades/signature-inspection';
import { binary } from './http-binary';
import { describeWithPdfsig, pdfsig } from './pdfsig';
import { describeOnPostgres, TestDatabase } from '@amtsweg/eventing/testing';
import { enrolSigners } from './enrolled-signer';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const IT_ADMIN = 'it-admin@demo.example';
const ADMIN = 'admin@demo.example';
const DAY = 86_400_000;

/**
 * On a real PostgreSQL (a fresh database for this file), with two instances of the service on it:
 * the row lock that serialises signing and the `SKIP LOCKED` scheduler are only proven here — on
 * the embedded database everything is serial anyway.
 */
describeOnPostgres('signatures on PostgreSQL, two instances', (serverUrl) => {
  let database: TestDatabase;
  let a: SignaturesTestApp;
  let b: SignaturesTestApp;
  let signBody: (email: string) => Promise<{ otp: string }>;

  beforeAll(async () => {
    database = TestDatabase.named(serverUrl);
    // One data folder: the two instances share the key encryption key, as they share the environment in production.
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-signatures-pg-'));
    a = await startSignaturesApp({ database, dataDir });
    b = await startSignaturesApp({ database, dataDir });
    // One clock for the codes of both instances: moving on for a fresh code moves both.
    const both = { now: () => a.clock.now(), advance: (ms: number) => [a, b].forEach((t) => t.clock.advance(ms)) };
    signBody = await enrolSigners({ http: a.http, token: (email) => a.token(email), clock: both }, [CLERK, IT_ADMIN, ADMIN]);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  const bearer = async (t: SignaturesTestApp, email: string) => `Bearer ${await t.token(email)}`;

  /** `email` signs request `id` on instance `t`, with a fresh second-factor code unless `body` is given. */
  const sign = async (t: SignaturesTestApp, id: string, email: string, body?: object) =>
    t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
      .set('Authorization', await bearer(t, email))
      .send(body ?? (await signBody(email)));

  async function createRequest(t: SignaturesTestApp, steps: string[][], dueInMs = 3 * DAY): Promise<string> {
    const response = await t
      .http()
      .post('/api/v1/tenants/demo/signature-requests')
      .set('Authorization', await bearer(t, STAFF))
      .field('title', 'Parallel')
      .field('steps', JSON.stringify(steps))
      .field('dueAt', new Date(t.clock.now().getTime() + dueInMs).toISOString())
      .attach('file', await samplePdf(1), { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  it('keeps both signatures when the two signers of a parallel step sign at the same moment on two instances', async () => {
    // Their keys first, so that the race is about the document, not about key creation.
    const warmUp = await createRequest(a, [[IT_ADMIN, ADMIN]]);
    expect((await sign(a, warmUp, IT_ADMIN)).status).toBe(200);
    expect((await sign(b, warmUp, ADMIN)).status).toBe(200);

    for (let round = 0; round < 5; round++) {
      const id = await createRequest(a, [[IT_ADMIN, ADMIN]]);
      const [one, two] = await Promise.all([sign(a, id, IT_ADMIN), sign(b, id, ADMIN)]);
      expect([one.status, two.status]).toEqual([200, 200]);
      const document = await a
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${id}/document`)
        .set('Authorization', await bearer(a, STAFF))
        .buffer(true)
        .parse(binary)
        .expect(200);
      const found = inspectSignatures(document.body);
      expect(found.map((s) => s.intact)).toEqual([true, true]);
      expect(new Set(found.map((s) => s.signer?.email))).toEqual(new Set([IT_ADMIN, ADMIN]));
      const [row] = await a.dataSource.query(`SELECT status, document_sha256 FROM signatures.signature_request WHERE id = $1`, [id]);
      expect(row.status).toBe('completed');
      const types = (await outboxEvents(a.dataSource, id)).map((e) => e.type.split('.').at(-2));
      expect(types).toEqual(['created', 'step-started', 'signed', 'signed', 'completed']);
    }
  }, 90_000);

  it('refuses the same signature sent twice at once: one 200, one 409', async () => {
    const id = await createRequest(a, [[IT_ADMIN, ADMIN]]);
    // A double submit: the same code twice.
    const body = await signBody(IT_ADMIN);
    const [one, two] = await Promise.all([sign(a, id, IT_ADMIN, body), sign(b, id, IT_ADMIN, body)]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const [row] = await a.dataSource.query(`SELECT signature_count FROM signatures.request_document WHERE request_id = $1`, [id]);
    expect(row.signature_count).toBe(1);
  }, 30_000);

  it('expires each due request exactly once when both instances run the scheduler at the same moment', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await createRequest(a, [[CLERK]], 2 * 3_600_000));
    for (const t of [a, b]) t.clock.advance(3 * 3_600_000);
    const [handledByA, handledByB] = await Promise.all([a.app.get(DueRequests).handleDue(), b.app.get(DueRequests).handleDue()]);
    expect(handledByA + handledByB).toBeGreaterThanOrEqual(12);
    for (const id of ids) {
      const expired = (await outboxEvents(a.dataSource, id)).filter((e) => e.type === 'de.amtsweg.signatures.request.expired.v1');
      expect(expired).toHaveLength(1);
      const audit = await a.dataSource.query(
        `SELECT count(*)::int AS n FROM signatures.audit_entry WHERE request_id = $1 AND action = 'expired'`,
        [id],
      );
      expect(audit[0].n).toBe(1);
    }
    for (const t of [a, b]) t.clock.advance(-3 * 3_600_000);
  }, 60_000);

  describeWithPdfsig('the whole flow on PostgreSQL', () => {
    it('goes from upload through two steps and three signers to completed, every signature valid for pdfsig', async () => {
      const id = await createRequest(a, [[CLERK], [IT_ADMIN, ADMIN]]);
      expect((await sign(b, id, CLERK)).status).toBe(200);
      const [x, y] = await Promise.all([sign(a, id, IT_ADMIN), sign(b, id, ADMIN)]);
      expect([x.status, y.status]).toEqual([200, 200]);
      const document = await b
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${id}/document`)
        .set('Authorization', await bearer(b, STAFF))
        .buffer(true)
        .parse(binary)
        .expect(200);
      const [{ certificate_pem: caPem }] = await a.dataSource.query(
        `SELECT certificate_pem FROM signatures.tenant_ca WHERE tenant = 'demo'`,
      );
      const { signatures } = await pdfsig(document.body, caPem);
      expect(signatures.map((s) => [s.validation, s.certificate])).toEqual(
        Array(3).fill(['Signature is Valid.', 'Certificate is Trusted.']),
      );
      expect(signatures.at(-1)?.totalDocumentSigned).toBe(true);
      const types = (await outboxEvents(a.dataSource, id)).map((e) => e.type.split('.').at(-2));
      expect(types).toEqual(['created', 'step-started', 'signed', 'step-started', 'signed', 'signed', 'completed']);
      const audit = await a
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${id}/audit`)
        .set('Authorization', await bearer(a, STAFF))
        .expect(200);
      expect(audit.body.intact).toBe(true);
    }, 60_000);
  });
});
