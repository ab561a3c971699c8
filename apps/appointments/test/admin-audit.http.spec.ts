import { EVENT_BUS, toBusRecord, type CloudEvent, type EventBus } from '@amtsweg/eventing';
import { AppointmentsAdminChangeRecordedV1 } from '@amtsweg/contracts';
import { DEMO_IDS } from '../src/seed/demo-data';
import { AdminAuditRetention } from '../src/admin-audit/admin-audit-retention.scheduler';
import { outboxEvents, startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

const API = '/api/v1/tenants/demo';

describe('admin audit: every admin change, who, when, before and after (embedded database)', () => {
  let t: AppointmentsTestApp;
  let admin: string;
  let provider: string;

  beforeAll(async () => {
    t = await startAppointmentsTestApp();
    admin = await t.token({ tenant: 'demo', roles: ['tenant-admin'], sub: 'admin-1' });
    provider = await t.token({ roles: ['provider-admin'], sub: 'operator-1' });
  }, 60_000);
  afterAll(() => t?.close());

  const get = (path: string, token: string) => t.http().get(path).set('authorization', `Bearer ${token}`);

  /** The relay publishes after commit and the consumer writes the entry: wait until `count` entries are there. */
  async function auditRows(count: number, waitMs = 10_000): Promise<number> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const [{ n }] = (await t.dataSource.query('SELECT count(*)::int AS n FROM appointments.admin_audit')) as Array<{ n: number }>;
      if (n >= count || Date.now() > deadline) return n;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("records a tenant-admin's change with before/after at the tenant's and the provider's route", async () => {
    const before = await auditRows(0);
    const offices = (await t.http().get(`${API}/offices`).expect(200)).body as Array<{ id: string; counters: number }>;
    const counters = offices.find((office) => office.id === DEMO_IDS.offices.demoMitte)!.counters;
    await t
      .http()
      .patch(`${API}/offices/${DEMO_IDS.offices.demoMitte}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ counters: counters + 1 })
      .expect(200);
    expect(await auditRows(before + 1)).toBe(before + 1);

    const tenantPage = await get(`${API}/admin-audit`, admin).expect(200);
    expect(tenantPage.body.nextCursor).toBeNull();
    const entry = tenantPage.body.items[0];
    expect(entry).toEqual({
      id: expect.any(String),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      tenant: 'demo',
      actor: { userId: 'admin-1', role: 'tenant-admin' },
      action: 'office.updated',
      subject: { type: 'office', id: DEMO_IDS.offices.demoMitte },
      before: expect.objectContaining({ id: DEMO_IDS.offices.demoMitte }),
      after: expect.objectContaining({ id: DEMO_IDS.offices.demoMitte, counters: counters + 1 }),
      service: 'appointments',
    });
    expect(entry.before.counters).toBe(counters);

    const all = await get('/api/v1/admin-audit', provider).expect(200);
    expect(all.body.items.map((item: { id: string }) => item.id)).toContain(entry.id);
    const demoOnly = await get('/api/v1/admin-audit?tenant=demo', provider).expect(200);
    expect(demoOnly.body.items.every((item: { tenant: string }) => item.tenant === 'demo')).toBe(true);
    expect((await get('/api/v1/admin-audit?tenant=muster', provider).expect(200)).body.items).toEqual([]);
  });

  it("records a provider-admin's change under their id, newest first, paged by cursor", async () => {
    await t
      .http()
      .patch('/api/v1/tenants/muster')
      .set('authorization', `Bearer ${provider}`)
      .send({ name: 'Musterstadt (neu)' })
      .expect(200);
    const count = await auditRows(2);
    const first = await get('/api/v1/admin-audit?limit=1', provider).expect(200);
    expect(first.body.items[0]).toMatchObject({
      tenant: 'muster',
      actor: { userId: 'operator-1', role: 'provider-admin' },
      action: 'tenant.updated',
      before: expect.objectContaining({ name: expect.not.stringContaining('(neu)') }),
      after: expect.objectContaining({ name: 'Musterstadt (neu)' }),
    });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await get(`/api/v1/admin-audit?limit=200&cursor=${first.body.nextCursor}`, provider).expect(200);
    expect(rest.body.items).toHaveLength(count - 1);
    expect(rest.body.items.map((item: { id: string }) => item.id)).not.toContain(first.body.items[0].id);
    await get('/api/v1/admin-audit?cursor=nonsense', provider).expect(400);
  });

  it('records nothing for a change that was rolled back (409)', async () => {
    const officeId = (
      await t
        .http()
        .post(`${API}/offices`)
        .set('authorization', `Bearer ${admin}`)
        .send({
          name: 'Außenstelle',
          address: { street: 'Weg 1', postalCode: '40210', city: 'Beispielstadt' },
          slotGridMinutes: 15,
          counters: 1,
          openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' })),
        })
        .expect(201)
    ).body.id as string;
    const serviceId = (
      await t
        .http()
        .post(`${API}/services`)
        .set('authorization', `Bearer ${admin}`)
        .send({ name: 'Beglaubigung', durationMinutes: 15, officeIds: [officeId] })
        .expect(201)
    ).body.id as string;
    await t
      .http()
      .post(`${API}/bookings`)
      .send({ officeId, serviceId, start: '2026-12-01T15:00:00+01:00', citizen: { name: 'Erika Mustermann', email: 'erika@example.org' } })
      .expect(201);
    const settled = await auditRows(4);
    const refused = await t
      .http()
      .patch(`${API}/offices/${officeId}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '12:00' })) })
      .expect(409);
    expect(refused.body.code).toBe('OFFICE.BOOKINGS_AFFECTED');
    const updates = (await outboxEvents(t.dataSource)).filter(
      (event) => event.type === AppointmentsAdminChangeRecordedV1.type && (event.data.subject as { id: string }).id === officeId,
    );
    expect(updates.map((event) => event.data.action)).toEqual(['office.created']);
    // Given the time the relay needs to bring a record that would be there.
    expect(await auditRows(settled + 1, 1_500)).toBe(settled);
  });

  it('records a redelivered event once', async () => {
    const count = await auditRows(1);
    const [latest] = (await outboxEvents(t.dataSource)).filter((event) => event.type === AppointmentsAdminChangeRecordedV1.type).reverse();
    const envelope = JSON.parse(latest.raw) as CloudEvent;
    const bus = t.app.get<EventBus>(EVENT_BUS);
    await bus.publish([toBusRecord(AppointmentsAdminChangeRecordedV1.topic, envelope)]);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const behind = (await bus.consumerLag()).filter(
        (lag) => lag.topic.endsWith(AppointmentsAdminChangeRecordedV1.topic) && lag.records > 0,
      );
      if (behind.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await auditRows(count + 1, 1_000)).toBe(count);
  });

  it("answers a tenant-admin of another tenant 404, staff 403, and a tenant's token at the provider route 403", async () => {
    const other = await t.token({ tenant: 'muster', roles: ['tenant-admin'] });
    await get(`${API}/admin-audit`, other).expect(404);
    const staff = await t.token({ tenant: 'demo', roles: ['staff', 'clerk', 'it-admin'] });
    await get(`${API}/admin-audit`, staff).expect(403);
    await get('/api/v1/admin-audit', admin).expect(403);
    await get(`${API}/admin-audit`, provider).expect(403);
    await t.http().get('/api/v1/admin-audit').expect(401);
    await get('/api/v1/admin-audit?tenant=NOT_A_SLUG', provider).expect(400);
  });

  it('deletes entries older than ADMIN_AUDIT_RETENTION_DAYS', async () => {
    const count = await auditRows(1);
    await t.dataSource.query(`UPDATE appointments.admin_audit SET at = at - interval '800 days' WHERE action = 'tenant.updated'`);
    expect(await t.app.get(AdminAuditRetention).purge()).toBe(1);
    expect(await auditRows(0)).toBe(count - 1);
  });
});
