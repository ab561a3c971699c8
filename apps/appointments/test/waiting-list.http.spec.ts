import request from 'supertest';
import { FairBookingScheduler } from '../src/fair-booking/fair-booking.scheduler';
import { DEMO_IDS } from '../src/seed/demo-data';
import { startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

const MITTE = DEMO_IDS.offices.demoMitte;
const NORD = DEMO_IDS.offices.demoNord;
const AUSWEIS = DEMO_IDS.services.demoPersonalausweis;
const UNKNOWN = '0193a0b2-7c1e-7d3a-9f00-0000000000ff';

describe('the waiting list and release requests over HTTP: what is refused (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  const entry = (overrides: Record<string, unknown> = {}) => ({
    serviceId: AUSWEIS,
    officeIds: [MITTE],
    weekdays: [1, 2],
    earliest: '08:00',
    latest: '10:00',
    citizen: { name: 'Erika Mustermann', email: 'erika@example.org' },
    ...overrides,
  });
  const join = (body: object) => t.http().post('/api/v1/tenants/demo/waiting-list').send(body);
  const outcome = (response: request.Response) => ({
    status: response.status,
    code: response.body.code as string,
    fields: (response.body.errors ?? []).map((e: { field: string }) => e.field),
  });

  it('names every malformed field with 400', async () => {
    expect(outcome(await join(entry({ weekdays: [0, 8], earliest: '8 Uhr', officeIds: [], extra: 1 })))).toMatchObject({
      status: 400,
      fields: expect.arrayContaining(['weekdays', 'earliest', 'officeIds', 'extra']),
    });
    expect(outcome(await join(entry({ citizen: { name: 'E', email: 'no-address' } })))).toMatchObject({
      status: 400,
      fields: ['citizen.email'],
    });
  });

  it('refuses a time span no appointment fits (422) and offices or services the tenant does not have (404)', async () => {
    expect(outcome(await join(entry({ earliest: '10:00', latest: '10:00' })))).toMatchObject({
      status: 422,
      code: 'PREFERENCES.EMPTY_TIME_SPAN',
    });
    expect((await join(entry({ officeIds: [MITTE, UNKNOWN] }))).status).toBe(404);
    expect((await join(entry({ serviceId: UNKNOWN }))).status).toBe(404);
  });

  it('keeps one place per address and service; the token shows and ends it, and nothing else does', async () => {
    const joined = await join(entry({ officeIds: [NORD, MITTE] })).expect(201);
    expect(joined.body).toMatchObject({
      status: 'waiting',
      officeIds: [NORD, MITTE],
      weekdays: [1, 2],
      earliest: '08:00',
      latest: '10:00',
      manageToken: expect.any(String),
    });
    expect(JSON.stringify(joined.body)).not.toContain('Erika');
    expect(outcome(await join(entry({ citizen: { name: 'Erika', email: 'ERIKA@example.org' } })))).toMatchObject({
      status: 409,
      code: 'WAITING_LIST.ALREADY_WAITING',
    });

    const path = `/api/v1/tenants/demo/waiting-list/${joined.body.id}`;
    await t.http().get(path).query({ token: 'wrong' }).expect(404);
    await t.http().get('/api/v1/tenants/demo/waiting-list/not-a-uuid').query({ token: joined.body.manageToken }).expect(404);
    await t
      .http()
      .get('/api/v1/tenants/muster/waiting-list/' + joined.body.id)
      .query({ token: joined.body.manageToken })
      .expect(404);
    await t.http().delete(path).query({ token: joined.body.manageToken }).expect(204);
    expect((await t.http().get(path).query({ token: joined.body.manageToken }).expect(200)).body.status).toBe('withdrawn');
    expect(outcome(await t.http().delete(path).query({ token: joined.body.manageToken }))).toMatchObject({
      status: 409,
      code: 'WAITING_LIST.NOT_WAITING',
    });
    // Having left, the address may queue again.
    await join(entry()).expect(201);
  });

  it('lets only tenant admins release capacity, and refuses requests for unknown releases, closed ones, or offices outside them', async () => {
    const release = {
      serviceId: AUSWEIS,
      officeIds: [MITTE],
      slotsFrom: '2026-12-14T00:00:00+01:00',
      slotsTo: '2026-12-19T00:00:00+01:00',
      requestsUntil: '2026-12-01T10:00:00+01:00',
    };
    await t.http().post('/api/v1/tenants/demo/releases').send(release).expect(401);
    const clerk = await t.token({ tenant: 'demo', roles: ['clerk'] });
    await t.http().post('/api/v1/tenants/demo/releases').set('authorization', `Bearer ${clerk}`).send(release).expect(403);
    const admin = await t.token({ tenant: 'demo', roles: ['tenant-admin'] });
    const announce = (body: object) => t.http().post('/api/v1/tenants/demo/releases').set('authorization', `Bearer ${admin}`).send(body);
    expect(outcome(await announce({ ...release, requestsUntil: '2026-11-29T10:00:00+01:00' }))).toMatchObject({
      status: 422,
      code: 'RELEASE.REQUESTS_UNTIL_PAST',
    });
    expect(outcome(await announce({ ...release, slotsFrom: '2026-11-30T12:00:00+01:00' }))).toMatchObject({
      status: 422,
      code: 'RELEASE.SLOTS_BEFORE_DRAW',
    });
    const { id } = (await announce(release).expect(201)).body as { id: string };
    expect(((await t.http().get('/api/v1/tenants/demo/releases').expect(200)).body as Array<{ id: string }>).map((r) => r.id)).toContain(
      id,
    );
    expect((await t.http().get('/api/v1/tenants/demo/releases/policy').expect(200)).body).toEqual({
      opensDaysAhead: 60,
      leadTimeMinutes: 60,
      holdMinutes: null,
      reopenDelayMinutes: 0,
      proofOfWork: false,
      rateLimited: false,
      maxActiveBookingsPerEmail: null,
      nextDraw: expect.objectContaining({
        id,
        method: 'draw',
        status: 'collecting',
        requestsUntil: '2026-12-01T10:00:00+01:00',
        seedSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    });

    const ask = (releaseId: string, body: object) => t.http().post(`/api/v1/tenants/demo/releases/${releaseId}/requests`).send(body);
    const { serviceId: _service, ...preferences } = entry({ citizen: { name: 'Los', email: 'los@example.org' } });
    expect((await ask(UNKNOWN, preferences)).status).toBe(404);
    expect(outcome(await ask(id, { ...preferences, officeIds: [NORD] }))).toMatchObject({
      status: 422,
      code: 'RELEASE.OFFICE_NOT_RELEASED',
    });
    await ask(id, preferences).expect(201);
    // The slots of the release are not booked first-come meanwhile.
    const booking = await t
      .http()
      .post('/api/v1/tenants/demo/bookings')
      .send({ officeId: MITTE, serviceId: AUSWEIS, start: '2026-12-14T09:00:00+01:00', citizen: { name: 'E', email: 'e@example.org' } });
    expect(outcome(booking)).toMatchObject({ status: 409, code: 'RELEASE.HELD_BACK' });

    const now = t.clock.now();
    t.clock.set(new Date('2026-12-01T10:00:00+01:00'));
    try {
      expect(outcome(await ask(id, { ...preferences, citizen: { name: 'Spät', email: 'late@example.org' } }))).toMatchObject({
        status: 409,
        code: 'RELEASE.CLOSED',
      });
    } finally {
      t.clock.set(now);
    }
  });

  it('runs the fair-booking round on the embedded database too: a lapsed hold frees the slot for the waiting list', async () => {
    // Holds on, and a window that ends before next Wednesday: the only Wednesday 08:00 is the one taken.
    await t.dataSource.query(`UPDATE appointments.tenant SET hold_minutes = 15, booking_window_days = 3 WHERE slug = 'muster'`);
    try {
      const office = DEMO_IDS.offices.musterRathaus;
      const service = DEMO_IDS.services.musterMeldebescheinigung;
      const start = '2026-12-02T08:00:00+01:00';
      // Every counter of the Rathaus held at 08:00 on Wednesday, then someone waits for exactly that time.
      for (const email of ['a@example.org', 'b@example.org']) {
        await t
          .http()
          .post('/api/v1/tenants/muster/bookings')
          .send({ officeId: office, serviceId: service, start, citizen: { name: 'Hold', email } })
          .expect(201);
      }
      await t
        .http()
        .post('/api/v1/tenants/muster/waiting-list')
        .send({
          serviceId: service,
          officeIds: [office],
          weekdays: [3],
          earliest: '08:00',
          latest: '08:15',
          citizen: { name: 'W', email: 'waits@example.org' },
        })
        .expect(201);
      const scheduler = t.app.get(FairBookingScheduler);
      // (Entries of earlier tests in this file may get offers in these rounds too.)
      expect((await scheduler.runRound()).lapsed).toBe(0);
      t.clock.advance(15 * 60_000);
      expect((await scheduler.runRound()).lapsed).toBe(2);
      const rows = (await t.dataSource.query(
        `SELECT citizen_email, status FROM appointments.booking WHERE tenant = 'muster' AND start_at = $1 ORDER BY citizen_email`,
        [start],
      )) as Array<{
        citizen_email: string;
        status: string;
      }>;
      expect(rows).toEqual([
        { citizen_email: 'a@example.org', status: 'lapsed' },
        { citizen_email: 'b@example.org', status: 'lapsed' },
        { citizen_email: 'waits@example.org', status: 'held' },
      ]);
    } finally {
      await t.dataSource.query(`UPDATE appointments.tenant SET hold_minutes = NULL, booking_window_days = 60 WHERE slug = 'muster'`);
    }
  });
});
