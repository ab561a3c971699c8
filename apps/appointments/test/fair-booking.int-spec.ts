import { describeOnPostgres, TestDatabase } from '@amtsweg/eventing/testing';
import request from 'supertest';
import { FairBookingScheduler } from '../src/fair-booking/fair-booking.scheduler';
import { outboxEvents, startAppointmentsTestApp, TEST_NOW, type AppointmentsTestApp } from './appointments-test-app';
import { addOffice, addService, addTenant, occupy } from './fixtures';

const TENANT = 'fair';
const MINUTE = 60_000;

describeOnPostgres('fair booking on real PostgreSQL: holds and the waiting list', (serverUrl) => {
  const database = TestDatabase.named(serverUrl);
  let t: AppointmentsTestApp;
  let http: ReturnType<typeof request>;
  let scheduler: FairBookingScheduler;
  let serviceId: string;

  beforeAll(async () => {
    process.env.APPOINTMENTS_DATABASE_URL = database.url;
    t = await startAppointmentsTestApp();
    http = request(t.app.getHttpServer());
    scheduler = t.app.get(FairBookingScheduler);
    // Holds of 15 minutes, offers of 30; slots from now to two days ahead (Monday and Tuesday).
    await addTenant(t.dataSource, TENANT, { holdMinutes: 15, waitingOfferMinutes: 30, bookingWindowDays: 2, leadTimeMinutes: 0 });
    serviceId = await addService(t.dataSource, TENANT, 30);
  }, 60_000);

  afterAll(async () => {
    try {
      await t?.close();
    } finally {
      delete process.env.APPOINTMENTS_DATABASE_URL;
      await database.drop();
    }
  });

  beforeEach(() => {
    t.clock.at = TEST_NOW; // Monday 30 November 2026, 08:00 in Berlin
  });

  const at = (minutesAfterNow: number) => new Date(TEST_NOW.getTime() + minutesAfterNow * MINUTE);
  const book = (officeId: string, start: string, email: string) =>
    http.post(`/api/v1/tenants/${TENANT}/bookings`).send({ officeId, serviceId, start, citizen: { name: 'Erika Mustermann', email } });
  const slotStarts = async (officeId: string): Promise<string[]> => {
    const response = await http
      .get(`/api/v1/tenants/${TENANT}/slots`)
      .query({ officeId, serviceId, to: '2026-11-30T12:00:00+01:00' })
      .expect(200);
    return (response.body as Array<{ start: string }>).map((slot) => slot.start);
  };
  /** The manage token only the mail got: from the held event's link. */
  const mailedToken = async (reference: string): Promise<string> => {
    const held = (await outboxEvents(t.dataSource)).find(
      (e) => e.type === 'de.amtsweg.appointments.booking.held.v1' && e.data.reference === reference,
    );
    if (!held) throw new Error(`no held event for ${reference}`);
    return new URL(String(held.data.manageUrl)).searchParams.get('token')!;
  };
  const statusOf = async (reference: string): Promise<string> => {
    const [row] = (await t.dataSource.query('SELECT status FROM appointments.booking WHERE tenant = $1 AND reference = $2', [
      TENANT,
      reference,
    ])) as Array<{ status: string }>;
    return row.status;
  };

  it('holds a booking without handing out its token; unconfirmed, the hold lapses and the slot returns', async () => {
    const { officeId } = await addOffice(t.dataSource, { counters: 1, tenant: TENANT });
    const booked = await book(officeId, '2026-11-30T09:00:00+01:00', 'lapse@example.org').expect(201);
    expect(booked.body).toMatchObject({ status: 'held', heldUntil: '2026-11-30T08:15:00+01:00', start: '2026-11-30T09:00:00+01:00' });
    expect(booked.body.manageToken).toBeUndefined();
    const { reference } = booked.body as { reference: string };
    expect(await slotStarts(officeId)).not.toContain('2026-11-30T09:00:00+01:00');

    t.clock.at = at(14);
    expect(await scheduler.runRound()).toEqual({ lapsed: 0, offered: 0 });
    expect(await statusOf(reference)).toBe('held');

    t.clock.at = at(15);
    expect(await scheduler.runRound()).toEqual({ lapsed: 1, offered: 0 });
    expect(await statusOf(reference)).toBe('lapsed');
    expect(await slotStarts(officeId)).toContain('2026-11-30T09:00:00+01:00');
    const events = (await outboxEvents(t.dataSource)).filter((e) => e.data.reference === reference).map((e) => e.type);
    expect(events).toEqual(['de.amtsweg.appointments.booking.held.v1', 'de.amtsweg.appointments.booking.lapsed.v1']);

    const late = await http.post(`/api/v1/tenants/${TENANT}/bookings/${reference}/confirm`).query({ token: await mailedToken(reference) });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'BOOKING.HOLD_LAPSED' });
    // The freed slot can be booked again.
    await book(officeId, '2026-11-30T09:00:00+01:00', 'next@example.org').expect(201);
  }, 60_000);

  it('confirms a hold only with the mailed token, once; a confirmed booking never lapses', async () => {
    const { officeId } = await addOffice(t.dataSource, { counters: 1, tenant: TENANT });
    const { reference } = (await book(officeId, '2026-11-30T10:00:00+01:00', 'confirm@example.org').expect(201)).body as {
      reference: string;
    };
    await http.post(`/api/v1/tenants/${TENANT}/bookings/${reference}/confirm`).query({ token: 'guessed' }).expect(404);

    t.clock.at = at(10);
    const token = await mailedToken(reference);
    const confirmed = await http.post(`/api/v1/tenants/${TENANT}/bookings/${reference}/confirm`).query({ token }).expect(200);
    expect(confirmed.body).toMatchObject({ reference, status: 'confirmed' });
    expect(confirmed.body.heldUntil).toBeUndefined();
    await http.post(`/api/v1/tenants/${TENANT}/bookings/${reference}/confirm`).query({ token }).expect(200);

    // Long past its hold time (other tests' holds may lapse in this round; this one must not).
    t.clock.at = at(60);
    await scheduler.runRound();
    expect(await statusOf(reference)).toBe('confirmed');
    const events = (await outboxEvents(t.dataSource)).filter((e) => e.data.reference === reference);
    expect(events.map((e) => e.type)).toEqual(['de.amtsweg.appointments.booking.held.v1', 'de.amtsweg.appointments.booking.confirmed.v1']);
    expect(events[1].data.manageUrl).toBe(events[0].data.manageUrl);
  }, 60_000);

  it('offers a freed slot to the first waiting citizen it fits, and moves it on to the next when the offer goes unanswered', async () => {
    const { officeId, counterIds } = await addOffice(t.dataSource, { counters: 1, tenant: TENANT });
    const occupied = { tenant: TENANT, officeId, counterId: counterIds[0], serviceId };
    await occupy(t.dataSource, { ...occupied, start: '2026-11-30T09:00:00+01:00', end: '2026-11-30T09:30:00+01:00' });
    const later = await occupy(t.dataSource, { ...occupied, start: '2026-11-30T09:30:00+01:00', end: '2026-11-30T10:00:00+01:00' });

    const join = async (email: string, earliest: string, latest: string) => {
      const response = await http
        .post(`/api/v1/tenants/${TENANT}/waiting-list`)
        .send({ serviceId, officeIds: [officeId], weekdays: [1], earliest, latest, citizen: { name: 'Wartende Person', email } })
        .expect(201);
      return response.body as { id: string; manageToken: string; status: string };
    };
    // First in line, but only 09:00–09:30 suits them; then two who can come 09:00–10:00.
    const narrow = await join('narrow@example.org', '09:00', '09:30');
    const first = await join('first@example.org', '09:00', '10:00');
    const second = await join('second@example.org', '09:00', '10:00');
    expect(first.status).toBe('waiting');

    expect(await scheduler.runRound()).toEqual({ lapsed: 0, offered: 0 });

    await t.dataSource.query(`UPDATE appointments.booking SET status = 'cancelled' WHERE id = $1`, [later]);
    expect(await scheduler.runRound()).toEqual({ lapsed: 0, offered: 1 });
    const offers = async () =>
      (await outboxEvents(t.dataSource))
        .filter((e) => e.type === 'de.amtsweg.appointments.booking.held.v1' && e.data.officeId === officeId)
        .map((e) => e.data);
    const [toFirst] = await offers();
    expect(toFirst).toMatchObject({
      email: 'first@example.org',
      reason: 'waiting-list',
      start: '2026-11-30T09:30:00+01:00',
      heldUntil: '2026-11-30T08:30:00+01:00',
    });
    const entryStatus = async (entry: { id: string; manageToken: string }) =>
      (await http.get(`/api/v1/tenants/${TENANT}/waiting-list/${entry.id}`).query({ token: entry.manageToken }).expect(200)).body
        .status as string;
    expect([await entryStatus(narrow), await entryStatus(first), await entryStatus(second)]).toEqual(['waiting', 'offered', 'waiting']);

    // Nobody answers within the 30 minutes: the offer lapses and the slot goes to the next who fits.
    t.clock.at = at(30);
    expect(await scheduler.runRound()).toEqual({ lapsed: 1, offered: 1 });
    const [, toSecond] = await offers();
    expect(toSecond).toMatchObject({ email: 'second@example.org', reason: 'waiting-list', start: '2026-11-30T09:30:00+01:00' });
    expect([await entryStatus(narrow), await entryStatus(first), await entryStatus(second)]).toEqual(['waiting', 'lapsed', 'offered']);

    const token = new URL(String(toSecond.manageUrl)).searchParams.get('token')!;
    await http
      .post(`/api/v1/tenants/${TENANT}/bookings/${String(toSecond.reference)}/confirm`)
      .query({ token })
      .expect(200);
    expect(await entryStatus(second)).toBe('booked');
    expect(await statusOf(String(toSecond.reference))).toBe('confirmed');
    expect(await scheduler.runRound()).toEqual({ lapsed: 0, offered: 0 });
  }, 60_000);
});
