import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantUpdatedV1 } from '@amtsweg/contracts';
import { KnownTenantsProjection } from '@amtsweg/eventing';
import { TestClock } from '@amtsweg/platform/testing';
import { DueRequests } from '../src/schedule/due-requests';
import { enrolSigners } from './enrolled-signer';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const IT_ADMIN = 'it-admin@demo.example';
const DAY = 86_400_000;

async function createRequest(t: SignaturesTestApp, dueInMs: number): Promise<string> {
  const response = await t
    .http()
    .post('/api/v1/tenants/demo/signature-requests')
    .set('Authorization', `Bearer ${await t.token(STAFF)}`)
    .field('title', 'Fristsache')
    .field('steps', JSON.stringify([[CLERK, IT_ADMIN]]))
    .field('dueAt', new Date(t.clock.now().getTime() + dueInMs).toISOString())
    .attach('file', await samplePdf(1), { filename: 'x.pdf', contentType: 'application/pdf' })
    .expect(201);
  return response.body.id;
}

async function statusOf(t: SignaturesTestApp, id: string): Promise<string> {
  const [row] = await t.dataSource.query(`SELECT status FROM signatures.signature_request WHERE id = $1`, [id]);
  return row.status;
}

describe('reminders and expiry on the durable schedule', () => {
  let t: SignaturesTestApp;
  let signBody: (email: string) => Promise<{ otp: string }>;
  beforeAll(async () => {
    t = await startSignaturesApp();
    signBody = await enrolSigners(t, [CLERK]);
  }, 60_000);
  afterAll(() => t?.close());

  it('reminds the signers still asked a day before the due date, once, and expires the request at it', async () => {
    const due = t.app.get(DueRequests);
    const id = await createRequest(t, 3 * DAY);
    await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
      .set('Authorization', `Bearer ${await t.token(CLERK)}`)
      .send(await signBody(CLERK))
      .expect(200);
    expect(await due.handleDue()).toBe(0);

    t.clock.advance(2 * DAY + 60_000);
    expect(await due.handleDue()).toBe(1);
    expect(await due.handleDue()).toBe(0);
    let events = await outboxEvents(t.dataSource, id);
    expect(events.at(-1)).toMatchObject({
      type: 'de.amtsweg.signatures.request.reminded.v1',
      data: { step: 1, signers: [{ userId: t.userId(IT_ADMIN) }] },
    });

    t.clock.advance(DAY);
    expect(await due.handleDue()).toBe(1);
    expect(await statusOf(t, id)).toBe('expired');
    events = await outboxEvents(t.dataSource, id);
    expect(events.at(-1)).toMatchObject({
      type: 'de.amtsweg.signatures.request.expired.v1',
      data: { pendingSigners: [{ userId: t.userId(IT_ADMIN) }], requesterId: t.userId(STAFF) },
    });
    const sign = await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
      .set('Authorization', `Bearer ${await t.token(IT_ADMIN)}`)
      .send({})
      .expect(409);
    expect(sign.body.code).toBe('SIGNATURE.REQUEST_NOT_PENDING');
    const actions = (await t.dataSource.query(`SELECT action, actor FROM signatures.audit_entry WHERE request_id = $1 ORDER BY seq`, [
      id,
    ])) as Array<{ action: string; actor: string }>;
    expect(actions.slice(-2)).toEqual([
      { action: 'reminded', actor: 'system' },
      { action: 'expired', actor: 'system' },
    ]);
  }, 30_000);

  it('sends no reminder when the request was made less than a day before its due date', async () => {
    const due = t.app.get(DueRequests);
    const id = await createRequest(t, 6 * 3_600_000);
    const [row] = await t.dataSource.query(`SELECT remind_at FROM signatures.signature_request WHERE id = $1`, [id]);
    expect(row.remind_at).toBeNull();
    t.clock.advance(6 * 3_600_000 + 1);
    await due.handleDue();
    const types = (await outboxEvents(t.dataSource, id)).map((e) => e.type);
    expect(types).not.toContain('de.amtsweg.signatures.request.reminded.v1');
    expect(types.at(-1)).toBe('de.amtsweg.signatures.request.expired.v1');
  });

  it("neither reminds nor expires a suspended tenant's requests; after the reactivation the next round does", async () => {
    const due = t.app.get(DueRequests);
    const registry = t.app.get(KnownTenantsProjection, { strict: false });
    const demo = { slug: 'demo', name: 'Stadt Demo', federalState: 'NW' as const, timeZone: 'Europe/Berlin' };
    const id = await createRequest(t, 3 * DAY);
    await registry.applyNow(Object.assign(new TenantUpdatedV1(), { ...demo, suspended: true, revision: 1000 }), t.clock.now());

    t.clock.advance(2 * DAY + 60_000);
    expect(await due.handleDue()).toBe(0);
    t.clock.advance(DAY);
    expect(await due.handleDue()).toBe(0);
    expect(await statusOf(t, id)).toBe('pending');
    const types = (await outboxEvents(t.dataSource, id)).map((e) => e.type);
    expect(types.filter((type) => /\.(reminded|expired)\.v1$/.test(type))).toEqual([]);

    await registry.applyNow(Object.assign(new TenantUpdatedV1(), { ...demo, suspended: false, revision: 1001 }), t.clock.now());
    expect(await due.handleDue()).toBe(1);
    expect(await statusOf(t, id)).toBe('expired');
  });
});

describe('the schedule survives a restart', () => {
  it('expires, right after the next start, a request that fell due while the service was down', async () => {
    // The PGlite on disk under the data folder, as `npm start` keeps it: closed with the first app, reopened by the second.
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-signatures-restart-'));
    const first = await startSignaturesApp({ database: 'data-dir', dataDir });
    const id = await createRequest(first, 2 * DAY);
    await first.close();
    // Down for three days: the due date passed meanwhile.
    const threeDaysLater = TestClock.running();
    threeDaysLater.advance(3 * DAY);
    const second = await startSignaturesApp({ database: 'data-dir', dataDir, clock: threeDaysLater, schedulerIntervalMs: 60_000 });
    try {
      const deadline = Date.now() + 10_000;
      while ((await statusOf(second, id)) !== 'expired' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await statusOf(second, id)).toBe('expired');
      expect((await outboxEvents(second.dataSource, id)).at(-1)?.type).toBe('de.amtsweg.signatures.request.expired.v1');
    } finally {
      await second.close();
    }
  }, 90_000);
});
