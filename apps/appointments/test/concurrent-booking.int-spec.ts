import type { AddressInfo } from 'node:net';
import { DEMO_IDS } from '../src/seed/demo-data';
import { outboxEvents, startAppointmentsTestAppOnPostgres, type AppointmentsTestApp } from './appointments-test-app';
import { addOffice } from './fixtures';
import { describeOnPostgres } from '@amtsweg/eventing/testing';

const AUSWEIS = DEMO_IDS.services.demoPersonalausweis;

describeOnPostgres('concurrent bookings on real PostgreSQL', (serverUrl) => {
  let t: AppointmentsTestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startAppointmentsTestAppOnPostgres(serverUrl, { listen: true });
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  }, 60_000);

  afterAll(() => t?.close());

  async function post(path: string, body: object): Promise<{ status: number; body: { code?: string; reference?: string } }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { code?: string } };
  }

  const tally = (outcomes: Array<{ status: number; body: { code?: string } }>) =>
    outcomes.reduce<Record<string, number>>((counts, { status, body }) => {
      const key = `${status}${body.code ? ` ${body.code}` : ''}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});

  it('gives one slot of a one-counter office to exactly one of 200 simultaneous requests; the other 199 get 409', async () => {
    const { officeId } = await addOffice(t.dataSource, { counters: 1 });
    const start = '2026-12-01T09:00:00+01:00';
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post('/api/v1/tenants/demo/bookings', {
          officeId,
          serviceId: AUSWEIS,
          start,
          citizen: { name: `Person ${i}`, email: `person${i}@example.org` },
        }),
      ),
    );
    expect(tally(outcomes)).toEqual({ '201': 1, '409 BOOKING.SLOT_TAKEN': 199 });
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM appointments.booking WHERE office_id = $1', [officeId])).toEqual([
      { n: 1 },
    ]);
    const winner = outcomes.find((o) => o.status === 201)!.body.reference;
    const events = (await outboxEvents(t.dataSource)).filter((e) => e.data.officeId === officeId);
    expect(events.map((e) => [e.type, e.data.reference])).toEqual([['de.amtsweg.appointments.booking.confirmed.v2', winner]]);
  }, 60_000);

  it('fills a three-counter slot with exactly three of 100 simultaneous requests, never two on one counter', async () => {
    const { officeId } = await addOffice(t.dataSource, { counters: 3 });
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post('/api/v1/tenants/demo/bookings', {
          officeId,
          serviceId: AUSWEIS,
          // Half of them ask for the overlapping slot a quarter of an hour later.
          start: i % 2 ? '2026-12-01T10:00:00+01:00' : '2026-12-01T10:15:00+01:00',
          citizen: { name: `Person ${i}`, email: `three${i}@example.org` },
        }),
      ),
    );
    expect(tally(outcomes)).toEqual({ '201': 3, '409 BOOKING.SLOT_TAKEN': 97 });
    const rows = (await t.dataSource.query('SELECT counter_id FROM appointments.booking WHERE office_id = $1', [officeId])) as Array<{
      counter_id: string;
    }>;
    expect(new Set(rows.map((row) => row.counter_id)).size).toBe(3);
  }, 60_000);

  it('lets one e-mail address hold at most the tenant’s limit, even when its requests arrive together', async () => {
    // muster: limit 3. Twenty requests of one address (in different case) for twenty different slots.
    const hours = ['08', '09', '10', '11', '14'];
    const starts = hours.flatMap((hour) => ['00', '15', '30', '45'].map((minute) => `2026-12-01T${hour}:${minute}:00+01:00`));
    const outcomes = await Promise.all(
      starts.map((start, i) =>
        post('/api/v1/tenants/muster/bookings', {
          officeId: DEMO_IDS.offices.musterRathaus,
          serviceId: DEMO_IDS.services.musterMeldebescheinigung,
          start,
          citizen: { name: 'Max Muster', email: i % 2 ? 'MAX@example.org' : 'max@example.org' },
        }),
      ),
    );
    expect(tally(outcomes)).toEqual({ '201': 3, '409 BOOKING.EMAIL_LIMIT_REACHED': 17 });
    expect(
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM appointments.booking WHERE tenant = 'muster' AND lower(citizen_email) = 'max@example.org'`,
      ),
    ).toEqual([{ n: 3 }]);
  }, 60_000);

  it('lets no booking overlap another on its counter, whatever the requests did (the exclusion constraint)', async () => {
    const [row] = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM appointments.booking a JOIN appointments.booking b
          ON a.counter_id = b.counter_id AND a.id < b.id AND tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at)
        WHERE a.status IN ('held', 'confirmed', 'arrived') AND b.status IN ('held', 'confirmed', 'arrived')`,
    )) as Array<{ n: number }>;
    expect(row.n).toBe(0);
    const { officeId, counterIds } = await addOffice(t.dataSource, { counters: 1 });
    const insert = (id: string, reference: string) =>
      t.dataSource.query(
        `INSERT INTO appointments.booking (id, tenant, reference, manage_token_sha256, office_id, counter_id, service_id, start_at, end_at, status, citizen_name, citizen_email, revision, created_at, updated_at)
         VALUES ($1, 'demo', $2, repeat('a', 64), $3, $4, $5, '2026-12-02T09:00:00+01:00', '2026-12-02T09:30:00+01:00', 'confirmed', 'X', 'x@example.org', 0, now(), now())`,
        [id, reference, officeId, counterIds[0], AUSWEIS],
      );
    await insert('0193a0b2-7c1e-7d3a-9f00-00000000aa01', 'AAAA-AAA1');
    await expect(insert('0193a0b2-7c1e-7d3a-9f00-00000000aa02', 'AAAA-AAA2')).rejects.toMatchObject({ driverError: { code: '23P01' } });
  });
});
