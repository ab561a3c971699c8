import { describeOnPostgres } from '@amtsweg/eventing/testing';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { FairBookingScheduler } from '../src/fair-booking/fair-booking.scheduler';
import { preferenceFit } from '../src/preferences/stated-preferences';
import { drawRelease } from '../src/release/release-draw';
import { WallClock } from '../src/time/wall-clock';
import {
  outboxEvents,
  sealedContact,
  startAppointmentsTestAppOnPostgres,
  TEST_NOW,
  type AppointmentsTestApp,
} from './appointments-test-app';
import { addOffice, addService, addTenant, occupy } from './fixtures';

const TENANT = 'fair';
const MINUTE = 60_000;

describeOnPostgres('fair booking on real PostgreSQL: holds, the waiting list, the release draw', (serverUrl) => {
  let t: AppointmentsTestApp;
  let http: ReturnType<typeof request>;
  let scheduler: FairBookingScheduler;
  let serviceId: string;

  beforeAll(async () => {
    t = await startAppointmentsTestAppOnPostgres(serverUrl);
    http = request(t.app.getHttpServer());
    scheduler = t.app.get(FairBookingScheduler);
    // Holds of 15 minutes, offers of 30; slots from now to two days ahead (Monday and Tuesday).
    await addTenant(t.dataSource, TENANT, { holdMinutes: 15, waitingOfferMinutes: 30, bookingWindowDays: 2, leadTimeMinutes: 0 });
    serviceId = await addService(t.dataSource, TENANT, 30);
  }, 60_000);

  afterAll(() => t?.close());

  beforeEach(() => {
    t.clock.set(TEST_NOW); // Monday 30 November 2026, 08:00 in Berlin
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
      (e) => e.type === 'de.amtsweg.appointments.booking.held.v2' && e.data.reference === reference,
    );
    if (!held) throw new Error(`no held event for ${reference}`);
    return new URL(String(sealedContact(held).manageUrl)).searchParams.get('token')!;
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

    t.clock.set(at(14));
    expect(await scheduler.runRound()).toEqual({ lapsed: 0, drawn: 0, offered: 0, erased: 0 });
    expect(await statusOf(reference)).toBe('held');

    t.clock.set(at(15));
    expect(await scheduler.runRound()).toEqual({ lapsed: 1, drawn: 0, offered: 0, erased: 0 });
    expect(await statusOf(reference)).toBe('lapsed');
    expect(await slotStarts(officeId)).toContain('2026-11-30T09:00:00+01:00');
    const events = (await outboxEvents(t.dataSource)).filter((e) => e.data.reference === reference).map((e) => e.type);
    expect(events).toEqual(['de.amtsweg.appointments.booking.held.v2', 'de.amtsweg.appointments.booking.lapsed.v1']);

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

    t.clock.set(at(10));
    const token = await mailedToken(reference);
    const confirmed = await http.post(`/api/v1/tenants/${TENANT}/bookings/${reference}/confirm`).query({ token }).expect(200);
    expect(confirmed.body).toMatchObject({ reference, status: 'confirmed' });
    expect(confirmed.body.heldUntil).toBeUndefined();
    await http.post(`/api/v1/tenants/${TENANT}/bookings/${reference}/confirm`).query({ token }).expect(200);

    // Long past its hold time (other tests' holds may lapse in this round; this one must not).
    t.clock.set(at(60));
    await scheduler.runRound();
    expect(await statusOf(reference)).toBe('confirmed');
    const events = (await outboxEvents(t.dataSource)).filter((e) => e.data.reference === reference);
    expect(events.map((e) => e.type)).toEqual(['de.amtsweg.appointments.booking.held.v2', 'de.amtsweg.appointments.booking.confirmed.v2']);
    expect(sealedContact(events[1]).manageUrl).toBe(sealedContact(events[0]).manageUrl);
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

    expect(await scheduler.runRound()).toEqual({ lapsed: 0, drawn: 0, offered: 0, erased: 0 });

    await t.dataSource.query(`UPDATE appointments.booking SET status = 'cancelled' WHERE id = $1`, [later]);
    expect(await scheduler.runRound()).toEqual({ lapsed: 0, drawn: 0, offered: 1, erased: 0 });
    const offers = async () =>
      (await outboxEvents(t.dataSource))
        .filter((e) => e.type === 'de.amtsweg.appointments.booking.held.v2' && e.data.officeId === officeId)
        .map((e): Record<string, unknown> => ({ ...e.data, ...sealedContact(e) }));
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
    t.clock.set(at(30));
    expect(await scheduler.runRound()).toEqual({ lapsed: 1, drawn: 0, offered: 1, erased: 0 });
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
    expect(await scheduler.runRound()).toEqual({ lapsed: 0, drawn: 0, offered: 0, erased: 0 });
  }, 60_000);

  it('draws a release once its collection ends: every slot at most once, nobody twice, all results at one moment, repeatable from the published seed', async () => {
    const { officeId } = await addOffice(t.dataSource, { counters: 2, tenant: TENANT });
    const admin = await t.token({ tenant: TENANT, roles: ['tenant-admin'] });
    // Tuesday 08:00–10:00 at two counters: 2 × 4 appointments of 30 minutes.
    const announced = await http
      .post(`/api/v1/tenants/${TENANT}/releases`)
      .set('authorization', `Bearer ${admin}`)
      .send({
        serviceId,
        officeIds: [officeId],
        slotsFrom: '2026-12-01T08:00:00+01:00',
        slotsTo: '2026-12-01T10:00:00+01:00',
        requestsUntil: '2026-11-30T09:00:00+01:00',
      })
      .expect(201);
    const releaseId = announced.body.id as string;
    expect(announced.body).toMatchObject({ method: 'draw', status: 'collecting', requestsUntil: '2026-11-30T09:00:00+01:00' });
    expect(announced.body.seed).toBeUndefined();

    // Held back from first-come booking until the draw.
    const tuesday = await http
      .get(`/api/v1/tenants/${TENANT}/slots`)
      .query({ officeId, serviceId, from: '2026-12-01T08:00:00+01:00', to: '2026-12-01T12:00:00+01:00' })
      .expect(200);
    expect((tuesday.body as Array<{ start: string }>).map((slot) => slot.start)).not.toContain('2026-12-01T09:00:00+01:00');
    const early = await book(officeId, '2026-12-01T08:00:00+01:00', 'early-bird@example.org');
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'RELEASE.HELD_BACK' });

    const enter = (email: string, weekdays: number[]) =>
      http
        .post(`/api/v1/tenants/${TENANT}/releases/${releaseId}/requests`)
        .send({ officeIds: [officeId], weekdays, earliest: '08:00', latest: '12:00', citizen: { name: 'Los', email } });
    const entered = [];
    for (let i = 0; i < 12; i += 1)
      entered.push((await enter(`draw${i}@example.org`, [2]).expect(201)).body as { id: string; manageToken: string });
    const wrongDay = (await enter('wednesday@example.org', [3]).expect(201)).body as { id: string; manageToken: string };
    expect((await enter('draw0@example.org', [2])).body.code).toBe('RELEASE.ALREADY_ENTERED');

    t.clock.set(at(59));
    expect((await scheduler.runRound()).drawn).toBe(0);
    t.clock.set(at(60));
    expect((await scheduler.runRound()).drawn).toBe(1);
    expect((await enter('late@example.org', [2])).body.code).toBe('RELEASE.CLOSED');

    const results = (await t.dataSource.query(
      `SELECT r.id, r.status, b.counter_id, b.start_at, b.end_at, b.status AS booking_status FROM appointments.release_request r
         LEFT JOIN appointments.booking b ON b.id = r.booking_id WHERE r.release_id = $1`,
      [releaseId],
    )) as Array<{
      id: string;
      status: string;
      counter_id: string | null;
      start_at: Date | null;
      end_at: Date | null;
      booking_status: string | null;
    }>;
    const won = results.filter((r) => r.status === 'won');
    expect(won).toHaveLength(8);
    expect(results.filter((r) => r.status === 'lost').map((r) => r.id)).toContain(wrongDay.id);
    expect(new Set(won.map((r) => `${r.counter_id}/${new Date(r.start_at!).getTime()}`)).size).toBe(8);
    expect(won.every((r) => r.booking_status === 'held')).toBe(true);
    const view = async (entry: { id: string; manageToken: string }) =>
      (
        await http
          .get(`/api/v1/tenants/${TENANT}/releases/${releaseId}/requests/${entry.id}`)
          .query({ token: entry.manageToken })
          .expect(200)
      ).body.status as string;
    expect(await view(wrongDay)).toBe('lost');

    // Every result went into the outbox in the one transaction of the draw.
    const events = (await t.dataSource.query(
      `SELECT envelope->>'type' AS type, count(*)::int AS n FROM appointments.outbox_event
        WHERE envelope->'data'->>'releaseId' = $1::text OR envelope->'data'->>'bookingId' IN (SELECT booking_id::text FROM appointments.release_request WHERE release_id::text = $1::text)
        GROUP BY 1 ORDER BY 1`,
      [releaseId],
    )) as Array<{ type: string; n: number }>;
    expect(events.map(({ type, n }) => [type, n])).toEqual([
      ['de.amtsweg.appointments.booking.held.v2', 8],
      ['de.amtsweg.appointments.release.lost.v2', 5],
    ]);

    const [published] = (
      (await http.get(`/api/v1/tenants/${TENANT}/releases`).expect(200)).body as Array<{
        id: string;
        seed: string;
        seedSha256: string;
        status: string;
        slotsDrawn: number;
      }>
    ).filter((r) => r.id === releaseId);
    expect(published).toMatchObject({ status: 'drawn', slotsDrawn: 8 });
    expect(createHash('sha256').update(published.seed).digest('hex')).toBe(published.seedSha256);

    // Anyone with the published seed, the requests and the slots gets the same assignment.
    const requests = (await t.dataSource.query(
      `SELECT id, office_ids, weekdays, earliest::text, latest::text FROM appointments.release_request WHERE release_id = $1`,
      [releaseId],
    )) as Array<{ id: string; office_ids: string[]; weekdays: number[]; earliest: string; latest: string }>;
    const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
    const clock = new WallClock('Europe/Berlin');
    const slots = won.map((r) => ({
      id: `${r.counter_id}/${new Date(r.start_at!).getTime()}`,
      start: new Date(r.start_at!).getTime(),
      end: new Date(r.end_at!).getTime(),
    }));
    const repeated = drawRelease(
      published.seed,
      slots,
      requests.map((r) => ({
        id: r.id,
        officeIds: r.office_ids,
        weekdays: r.weekdays.map(Number),
        earliestMinute: minutes(r.earliest),
        latestMinute: minutes(r.latest),
      })),
      (r, slot) => preferenceFit(r as never, officeId, clock, slot.start, slot.end),
    );
    expect(repeated.map((a) => `${a.requestId}>${a.slotId}`).sort()).toEqual(
      won.map((r) => `${r.id}>${r.counter_id}/${new Date(r.start_at!).getTime()}`).sort(),
    );
  }, 60_000);

  it('keeps a cancelled slot from first-come booking for the reopen delay, while the waiting list may have it at once', async () => {
    await addTenant(t.dataSource, 'reopen', { holdMinutes: null, waitingOfferMinutes: 30, bookingWindowDays: 2, leadTimeMinutes: 0 });
    await t.dataSource.query(`UPDATE appointments.tenant SET reopen_delay_minutes = 30 WHERE slug = 'reopen'`);
    const reopenService = await addService(t.dataSource, 'reopen', 30);
    const { officeId } = await addOffice(t.dataSource, { counters: 1, tenant: 'reopen' });
    const base = '/api/v1/tenants/reopen';
    const bookAt = (start: string, email: string) =>
      http.post(`${base}/bookings`).send({ officeId, serviceId: reopenService, start, citizen: { name: 'Erika', email } });
    const listed = async () =>
      (
        (await http.get(`${base}/slots`).query({ officeId, serviceId: reopenService, to: '2026-11-30T12:00:00+01:00' }).expect(200))
          .body as Array<{ start: string }>
      ).map((s) => s.start);

    const first = (await bookAt('2026-11-30T09:00:00+01:00', 'first@example.org').expect(201)).body as {
      reference: string;
      manageToken: string;
    };
    await http.delete(`${base}/bookings/${first.reference}`).query({ token: first.manageToken }).expect(204);
    expect(await listed()).not.toContain('2026-11-30T09:00:00+01:00');
    expect((await bookAt('2026-11-30T09:00:00+01:00', 'quick@example.org')).body.code).toBe('BOOKING.SLOT_TAKEN');

    t.clock.set(at(30));
    expect(await listed()).toContain('2026-11-30T09:00:00+01:00');
    await bookAt('2026-11-30T09:00:00+01:00', 'later@example.org').expect(201);

    const second = (await bookAt('2026-11-30T10:00:00+01:00', 'second@example.org').expect(201)).body as {
      reference: string;
      manageToken: string;
    };
    await http
      .post(`${base}/waiting-list`)
      .send({
        serviceId: reopenService,
        officeIds: [officeId],
        weekdays: [1],
        earliest: '10:00',
        latest: '10:30',
        citizen: { name: 'Wartend', email: 'waiting@example.org' },
      })
      .expect(201);
    await http.delete(`${base}/bookings/${second.reference}`).query({ token: second.manageToken }).expect(204);
    expect((await scheduler.runRound()).offered).toBe(1);
    const offered = (await t.dataSource.query(
      `SELECT citizen_email, status FROM appointments.booking WHERE office_id = $1 AND start_at = '2026-11-30T10:00:00+01:00' AND status <> 'cancelled'`,
      [officeId],
    )) as Array<{ citizen_email: string; status: string }>;
    expect(offered).toEqual([{ citizen_email: 'waiting@example.org', status: 'held' }]);
  }, 60_000);
});
