import { newId } from '@amtsweg/platform';
import { TestClock } from '@amtsweg/platform/testing';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';
import { MessageRetention, RETENTION_BATCH_SIZE } from './message-retention';

const NOW = new Date('2026-11-28T12:00:00Z');
const DAY_MS = 86_400_000;

describe('message retention per tenant (embedded database)', () => {
  let t: MessagingTestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    // The job's own rounds are an hour apart: the tests run the rounds they need.
    t = await startMessagingApp({ clock: TestClock.stoppedAt(NOW), messagingEnv: { MESSAGE_RETENTION_INTERVAL_MS: '3600000' } });
    for (const email of ['staff@demo.example', 'admin@demo.example', 'admin@muster.example']) tokens[email] = await t.token(email);
  }, 60_000);
  afterAll(() => t?.close());
  beforeEach(() => t.dataSource.query('TRUNCATE messaging.tenant_messaging_setting, messaging.conversation CASCADE'));

  const settings = (email: string, tenant = email.split('@')[1].split('.')[0]) =>
    t.http().get(`/api/v1/tenants/${tenant}/messaging-settings`).set('authorization', `Bearer ${tokens[email]}`);
  const setRetention = (email: string, body: unknown, tenant = email.split('@')[1].split('.')[0]) =>
    t
      .http()
      .put(`/api/v1/tenants/${tenant}/messaging-settings`)
      .set('authorization', `Bearer ${tokens[email]}`)
      .send(body as object);

  /** `count` messages of one tenant's conversation, written `ageDays` days before NOW; returns their ids. */
  const messages = async (tenant: string, ageDays: number, count = 1): Promise<string[]> => {
    const conversationId = newId();
    await t.dataSource.query(
      `INSERT INTO messaging.conversation (id, tenant, kind, name, created_by, created_at, last_activity_at) VALUES ($1, $2, 'group', 'Team', 'someone', $3, $3)`,
      [conversationId, tenant, new Date(NOW.getTime() - ageDays * DAY_MS)],
    );
    const ids = Array.from({ length: count }, () => newId());
    await t.dataSource.query(
      `INSERT INTO messaging.message (id, tenant, conversation_id, author_id, body, created_at)
       SELECT id, $2, $3, 'someone', 'Hallo', $4 FROM unnest($1::uuid[]) AS id`,
      [ids, tenant, conversationId, new Date(NOW.getTime() - ageDays * DAY_MS)],
    );
    return ids;
  };
  const remaining = async (ids: string[]): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM messaging.message WHERE id = ANY($1::uuid[])', [ids]))[0].n;

  it('answers the default of 365 days to every member, and lets only a tenant-admin change it for their tenant', async () => {
    await settings('staff@demo.example').expect(200, { messageRetentionDays: 365 });
    await setRetention('staff@demo.example', { messageRetentionDays: 30 }).expect(403);
    await setRetention('admin@demo.example', { messageRetentionDays: 30 }).expect(200, { messageRetentionDays: 30 });
    await settings('staff@demo.example').expect(200, { messageRetentionDays: 30 });
    await settings('admin@muster.example').expect(200, { messageRetentionDays: 365 });
    await setRetention('admin@muster.example', { messageRetentionDays: 7 }, 'demo').expect(404);
    await settings('staff@demo.example').expect(200, { messageRetentionDays: 30 });
  });

  it.each([
    [{ messageRetentionDays: 0 }],
    [{ messageRetentionDays: 3651 }],
    [{ messageRetentionDays: '30' }],
    [{ messageRetentionDays: 1.5 }],
    [{}],
    [{ messageRetentionDays: 30, more: 1 }],
  ])('refuses %j with 400 and a problem', async (body) => {
    const response = await setRetention('admin@demo.example', body).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.detail).toEqual(expect.any(String));
  });

  it("deletes each tenant's messages past its own period, in batches, and nothing more on a second round", async () => {
    await setRetention('admin@demo.example', { messageRetentionDays: 30 }).expect(200);
    const demoExpired = await messages('demo', 31, RETENTION_BATCH_SIZE + 250);
    const demoKept = await messages('demo', 29);
    const musterKept = await messages('muster', 100);
    const musterExpired = await messages('muster', 366);

    const retention = t.app.get(MessageRetention);
    expect(await retention.purge()).toBe(RETENTION_BATCH_SIZE + 251);
    expect(await remaining(demoExpired)).toBe(0);
    expect(await remaining(musterExpired)).toBe(0);
    expect(await remaining(demoKept)).toBe(1);
    expect(await remaining(musterKept)).toBe(1);

    expect(await retention.purge()).toBe(0);
    expect(await remaining(demoKept)).toBe(1);
  });

  it('applies a shortened period at the next round, to messages written before the change', async () => {
    const written = await messages('demo', 10, 3);
    expect(await t.app.get(MessageRetention).purge()).toBe(0);
    await setRetention('admin@demo.example', { messageRetentionDays: 7 }).expect(200);
    expect(await t.app.get(MessageRetention).purge()).toBe(3);
    expect(await remaining(written)).toBe(0);
  });
});
