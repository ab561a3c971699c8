import { DEMO_IDS } from '../src/seed/demo-data';
import { outboxEvents, sealedContact, startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

const API = '/api/v1/tenants/demo';
const WEEKDAYS_8_TO_16 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' }));

/** The example office: Mon–Fri 08:00–16:00, two counters. */
const OFFICE = {
  name: 'Bürgerbüro Beispiel',
  address: { street: 'Rathausplatz 1', postalCode: '40210', city: 'Beispielstadt' },
  slotGridMinutes: 15,
  counters: 2,
  openingHours: WEEKDAYS_8_TO_16,
  phone: '+49 211 1234-0',
  email: 'buergerbuero@beispielstadt.example',
  accessibility: 'Stufenloser Zugang',
};

describe('offices, services, closures and booking settings administered by the tenant admin (embedded database)', () => {
  let t: AppointmentsTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppointmentsTestApp();
    admin = await t.token({ tenant: 'demo', roles: ['tenant-admin'] });
  }, 60_000);
  afterAll(() => t?.close());

  const as = (token: string) => ({
    post: (path: string, body: object) => t.http().post(`${API}${path}`).set('authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) => t.http().patch(`${API}${path}`).set('authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => t.http().delete(`${API}${path}`).set('authorization', `Bearer ${token}`),
    get: (path: string) => t.http().get(`${API}${path}`).set('authorization', `Bearer ${token}`),
    put: (path: string, body: object) => t.http().put(`${API}${path}`).set('authorization', `Bearer ${token}`).send(body),
  });

  async function newOffice(overrides: object = {}): Promise<string> {
    const { body } = await as(admin)
      .post('/offices', { ...OFFICE, ...overrides })
      .expect(201);
    return body.id as string;
  }

  async function newService(officeIds: string[], durationMinutes = 15): Promise<string> {
    const { body } = await as(admin).post('/services', { name: 'Beglaubigung', durationMinutes, officeIds }).expect(201);
    return body.id as string;
  }

  async function book(officeId: string, serviceId: string, start: string): Promise<{ reference: string; manageToken: string }> {
    const { body } = await t
      .http()
      .post(`${API}/bookings`)
      .send({ officeId, serviceId, start, citizen: { name: 'Erika Mustermann', email: 'erika@example.org' } })
      .expect(201);
    return body;
  }

  // From the table: a cancellation by the office gives the booking a new token (its mail's link), so the old one no longer opens it.
  const statusOf = async (booking: { reference: string }) =>
    (
      (await t.dataSource.query('SELECT status FROM appointments.booking WHERE reference = $1', [booking.reference])) as Array<{
        status: string;
      }>
    )[0].status;

  describe('who may', () => {
    it('refuses the office, service and settings routes without a token (401) and to a clerk (403)', async () => {
      await t.http().post(`${API}/offices`).send(OFFICE).expect(401);
      const clerk = await t.token({ tenant: 'demo', roles: ['clerk', 'staff'] });
      await as(clerk).post('/offices', OFFICE).expect(403);
      await as(clerk)
        .post('/services', { name: 'x', durationMinutes: 15, officeIds: [DEMO_IDS.offices.demoMitte] })
        .expect(403);
      await as(clerk).get('/booking-settings').expect(403);
      await as(clerk).delete(`/offices/${DEMO_IDS.offices.demoMitte}`).expect(403);
    });
  });

  describe('creating an office and a service, then booking there (the onboarding path)', () => {
    it('answers the office in the public shape with its new fields, offers the service there only, and books it', async () => {
      const created = await as(admin).post('/offices', OFFICE).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        name: 'Bürgerbüro Beispiel',
        address: OFFICE.address,
        timeZone: 'Europe/Berlin',
        slotGridMinutes: 15,
        openingHours: WEEKDAYS_8_TO_16,
        counters: 2,
        phone: OFFICE.phone,
        email: OFFICE.email,
        accessibility: 'Stufenloser Zugang',
        directions: null,
      });
      const officeId = created.body.id as string;
      const listed = (await t.http().get(`${API}/offices`).expect(200)).body as Array<{ id: string }>;
      expect(listed).toContainEqual(created.body);

      const service = await as(admin)
        .post('/services', {
          name: 'Beglaubigung',
          durationMinutes: 15,
          officeIds: [officeId],
          documents: ['Original', 'Kopie'],
          fee: { amountCents: 500, note: 'je Seite' },
        })
        .expect(201);
      expect(service.body).toEqual({
        id: expect.any(String),
        name: 'Beglaubigung',
        durationMinutes: 15,
        officeIds: [officeId],
        description: null,
        documents: ['Original', 'Kopie'],
        fee: { amountCents: 500, note: 'je Seite' },
      });
      const serviceId = service.body.id as string;

      // Tuesday 1 December: 08:00–16:00 on a 15-minute grid is 32 slots, each at both counters.
      const slots = await t
        .http()
        .get(`${API}/slots`)
        .query({ officeId, serviceId, from: '2026-12-01T00:00:00+01:00', to: '2026-12-02T00:00:00+01:00' })
        .expect(200);
      expect(slots.body).toHaveLength(32);
      expect(slots.body[0]).toEqual({ start: '2026-12-01T08:00:00+01:00', end: '2026-12-01T08:15:00+01:00', remaining: 2 });
      await book(officeId, serviceId, '2026-12-01T08:00:00+01:00');

      // The new service is not offered at the demo offices, nor a demo service at the new office.
      for (const [office, offered] of [
        [DEMO_IDS.offices.demoMitte, serviceId],
        [officeId, DEMO_IDS.services.demoMeldebescheinigung],
      ]) {
        const refused = await t.http().get(`${API}/slots`).query({ officeId: office, serviceId: offered }).expect(422);
        expect(refused.body.code).toBe('SERVICE.NOT_OFFERED_AT_OFFICE');
        const booking = await t
          .http()
          .post(`${API}/bookings`)
          .send({
            officeId: office,
            serviceId: offered,
            start: '2026-12-01T09:00:00+01:00',
            citizen: { name: 'E', email: 'e@example.org' },
          })
          .expect(422);
        expect(booking.body.code).toBe('SERVICE.NOT_OFFERED_AT_OFFICE');
        const waiting = await t
          .http()
          .post(`${API}/waiting-list`)
          .send({
            serviceId: offered,
            officeIds: [office],
            weekdays: [2],
            earliest: '08:00',
            latest: '12:00',
            citizen: { name: 'W', email: 'w@example.org' },
          })
          .expect(422);
        expect(waiting.body.code).toBe('SERVICE.NOT_OFFERED_AT_OFFICE');
      }

      // Each change is an event, and none carries personal data (nor the office's phone and address for mail).
      const officeEvents = await outboxEvents(t.dataSource, officeId);
      expect(officeEvents.map((event) => event.type)).toEqual(['de.amtsweg.appointments.office.created.v1']);
      expect(officeEvents[0].data).toMatchObject({ officeId, counters: 2, postalCode: '40210', cancelledBookings: 0 });
      expect(officeEvents[0].raw).not.toContain(OFFICE.phone);
      expect(officeEvents[0].raw).not.toContain(OFFICE.email);
      const serviceEvents = await outboxEvents(t.dataSource, serviceId);
      expect(serviceEvents.map((event) => event.type)).toEqual(['de.amtsweg.appointments.service.created.v1']);
      expect(serviceEvents[0].data).toMatchObject({ serviceId, officeIds: [officeId], durationMinutes: 15 });
    });
  });

  describe('validation', () => {
    it.each([
      ['overlapping hours', { openingHours: [...WEEKDAYS_8_TO_16, { weekday: 1, opens: '15:00', closes: '17:00' }] }, 'openingHours'],
      ['closing before opening', { openingHours: [{ weekday: 1, opens: '12:00', closes: '08:00' }] }, 'openingHours'],
      ['a time that is none', { openingHours: [{ weekday: 1, opens: '8:00', closes: '12:00' }] }, 'openingHours.0.opens'],
      ['weekday 8', { openingHours: [{ weekday: 8, opens: '08:00', closes: '12:00' }] }, 'openingHours.0.weekday'],
      ['a postal code of four digits', { address: { ...OFFICE.address, postalCode: '4021' } }, 'address.postalCode'],
      ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'timeZone'],
      ['no counter', { counters: 0 }, 'counters'],
      ['a grid of 3 minutes', { slotGridMinutes: 3 }, 'slotGridMinutes'],
      ['an unknown field', { color: 'blue' }, 'color'],
    ])('refuses an office with %s: 400 REQUEST.INVALID naming the field', async (_case, change, field) => {
      const { body } = await as(admin)
        .post('/offices', { ...OFFICE, ...change })
        .expect(400);
      expect(body.code).toBe('REQUEST.INVALID');
      expect(body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('refuses a service whose duration is no multiple of an office grid, or that names an unknown office (422)', async () => {
      const officeId = await newOffice({ slotGridMinutes: 20 });
      const offGrid = await as(admin)
        .post('/services', { name: 'x', durationMinutes: 30, officeIds: [officeId] })
        .expect(422);
      expect(offGrid.body.code).toBe('SERVICE.DURATION_OFF_GRID');
      const unknown = await as(admin)
        .post('/services', { name: 'x', durationMinutes: 20, officeIds: ['0193a0b2-7c1e-7d3a-9f00-00000000dead'] })
        .expect(422);
      expect(unknown.body.code).toBe('SERVICE.UNKNOWN_OFFICE');
      await newService([officeId], 40);
      // And the office's grid cannot change under a service offered there.
      const grid = await as(admin).patch(`/offices/${officeId}`, { slotGridMinutes: 15 }).expect(422);
      expect(grid.body.code).toBe('OFFICE.GRID_DOES_NOT_FIT_SERVICES');
    });
  });

  describe('changes that leave bookings without a place', () => {
    it('refuses fewer counters and shorter hours while bookings no longer fit (409, listed), then cancels them when asked', async () => {
      const officeId = await newOffice();
      const serviceId = await newService([officeId]);
      const first = await book(officeId, serviceId, '2026-12-01T08:00:00+01:00');
      const second = await book(officeId, serviceId, '2026-12-01T08:00:00+01:00');
      const afternoon = await book(officeId, serviceId, '2026-12-01T15:00:00+01:00');
      const stays = await book(officeId, serviceId, '2026-12-01T09:00:00+01:00');

      const refused = await as(admin).patch(`/offices/${officeId}`, { counters: 1 }).expect(409);
      expect(refused.body.code).toBe('OFFICE.BOOKINGS_AFFECTED');
      // Of the two at 08:00 one keeps the counter that stays; the other has none.
      expect(refused.body.affectedBookings).toEqual([
        { reference: expect.stringMatching(/^(?:[A-Z0-9]{4}-[A-Z0-9]{4})$/), start: '2026-12-01T08:00:00+01:00' },
      ]);
      expect([first.reference, second.reference]).toContain(refused.body.affectedBookings[0].reference);
      // Nothing changed.
      const office = (await t.http().get(`${API}/offices`).expect(200)).body.find((o: { id: string }) => o.id === officeId);
      expect(office.counters).toBe(2);

      const mornings = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '12:00' }));
      const changed = await as(admin)
        .patch(`/offices/${officeId}`, { counters: 1, openingHours: mornings, cancelAffected: true })
        .expect(200);
      expect(changed.body).toMatchObject({ id: officeId, counters: 1, openingHours: mornings });
      const cancelled = changed.body.affectedBookings as Array<{ reference: string; start: string }>;
      expect(cancelled.map((b) => b.start)).toEqual(['2026-12-01T08:00:00+01:00', '2026-12-01T15:00:00+01:00']);
      expect(cancelled.map((b) => b.reference)).toContain(afternoon.reference);
      expect(await statusOf(stays)).toBe('confirmed');
      const kept = [first, second].find((b) => !cancelled.some((c) => c.reference === b.reference))!;
      expect(await statusOf(kept)).toBe('confirmed');
      // One counter left: 09:00 is taken by the booking that stayed, and the retired counter takes no booking.
      const slots = await t
        .http()
        .get(`${API}/slots`)
        .query({ officeId, serviceId, from: '2026-12-01T09:00:00+01:00', to: '2026-12-01T09:30:00+01:00' })
        .expect(200);
      expect(slots.body).toEqual([{ start: '2026-12-01T09:15:00+01:00', end: '2026-12-01T09:30:00+01:00', remaining: 1 }]);
      const taken = await t
        .http()
        .post(`${API}/bookings`)
        .send({ officeId, serviceId, start: '2026-12-01T09:00:00+01:00', citizen: { name: 'F', email: 'f@example.org' } })
        .expect(409);
      expect(taken.body.code).toBe('BOOKING.SLOT_TAKEN');

      // Each cancellation is the office's, mailed by messaging like every cancellation, with a link that opens the booking.
      const events = (await outboxEvents(t.dataSource)).filter(
        (event) =>
          event.type === 'de.amtsweg.appointments.booking.cancelled.v2' && cancelled.some((c) => c.reference === event.data.reference),
      );
      expect(events).toHaveLength(2);
      for (const event of events) {
        expect(event.data.cancelledBy).toBe('office');
        const contact = sealedContact(event);
        expect(contact.email).toBe('erika@example.org');
        const link = new URL(contact.manageUrl!);
        const view = await t
          .http()
          .get(`${API}/bookings/${event.data.reference as string}`)
          .query({ token: link.searchParams.get('token') })
          .expect(200);
        expect(view.body.status).toBe('cancelled');
      }
      const updated = await outboxEvents(t.dataSource, officeId);
      expect(updated.map((e) => e.type)).toContain('de.amtsweg.appointments.office.updated.v1');
      expect(updated.find((e) => e.type.endsWith('office.updated.v1'))!.data.cancelledBookings).toBe(2);
    });

    it('adds a closure: refused over bookings unless cancelAffected, then no slots on those days; holidays still close', async () => {
      const officeId = await newOffice();
      const serviceId = await newService([officeId]);
      const booking = await book(officeId, serviceId, '2026-12-02T10:00:00+01:00');
      const closure = { firstDay: '2026-12-02', lastDay: '2026-12-03', reason: 'Umzug' };

      const inverted = await as(admin)
        .post(`/offices/${officeId}/closures`, { ...closure, lastDay: '2026-12-01' })
        .expect(422);
      expect(inverted.body.code).toBe('CLOSURE.RANGE_INVERTED');
      const refused = await as(admin).post(`/offices/${officeId}/closures`, closure).expect(409);
      expect(refused.body.affectedBookings).toEqual([{ reference: booking.reference, start: '2026-12-02T10:00:00+01:00' }]);
      expect(await statusOf(booking)).toBe('confirmed');

      const added = await as(admin)
        .post(`/offices/${officeId}/closures`, { ...closure, cancelAffected: true })
        .expect(201);
      expect(added.body).toEqual({ id: expect.any(String), ...closure, affectedBookings: refused.body.affectedBookings });
      expect(await statusOf(booking)).toBe('cancelled');
      const slots = await t
        .http()
        .get(`${API}/slots`)
        .query({ officeId, serviceId, from: '2026-12-01T00:00:00+01:00', to: '2026-12-26T00:00:00+01:00' })
        .expect(200);
      const days = new Set((slots.body as Array<{ start: string }>).map((slot) => slot.start.slice(0, 10)));
      expect(days.has('2026-12-01')).toBe(true);
      expect(days.has('2026-12-02') || days.has('2026-12-03')).toBe(false);
      // Christmas Day is a public holiday in NW, the tenant's state.
      expect(days.has('2026-12-24')).toBe(true);
      expect(days.has('2026-12-25')).toBe(false);
      const closed = (await outboxEvents(t.dataSource, officeId)).find((e) => e.type.endsWith('office.closure-added.v1'))!;
      expect(closed.data).toEqual({
        officeId,
        closureId: added.body.id,
        firstDay: '2026-12-02',
        lastDay: '2026-12-03',
        cancelledBookings: 1,
      });
    });

    it('deletes an office only with cancelAffected while it has bookings ahead; then it is gone from lists and slots', async () => {
      const officeId = await newOffice();
      const serviceId = await newService([officeId]);
      const booking = await book(officeId, serviceId, '2026-12-04T09:00:00+01:00');

      const refused = await as(admin).delete(`/offices/${officeId}`).expect(409);
      expect(refused.body.code).toBe('OFFICE.BOOKINGS_AFFECTED');
      const deleted = await as(admin).delete(`/offices/${officeId}`).query({ cancelAffected: 'true' }).expect(200);
      expect(deleted.body).toEqual({ affectedBookings: [{ reference: booking.reference, start: '2026-12-04T09:00:00+01:00' }] });
      expect(await statusOf(booking)).toBe('cancelled');
      const offices = (await t.http().get(`${API}/offices`).expect(200)).body as Array<{ id: string }>;
      expect(offices.map((o) => o.id)).not.toContain(officeId);
      await t.http().get(`${API}/slots`).query({ officeId, serviceId }).expect(404);
      await as(admin).patch(`/offices/${officeId}`, { name: 'wieder da' }).expect(404);
      const services = (await t.http().get(`${API}/services`).expect(200)).body as Array<{ id: string; officeIds: string[] }>;
      expect(services.find((s) => s.id === serviceId)!.officeIds).toEqual([]);
    });

    it('moves a service off an office, and deletes it, only with cancelAffected while bookings there lie ahead', async () => {
      const officeA = await newOffice();
      const officeB = await newOffice();
      const serviceId = await newService([officeA, officeB]);
      const atA = await book(officeA, serviceId, '2026-12-01T10:00:00+01:00');
      const atB = await book(officeB, serviceId, '2026-12-01T10:00:00+01:00');

      const refused = await as(admin)
        .patch(`/services/${serviceId}`, { officeIds: [officeB] })
        .expect(409);
      expect(refused.body.code).toBe('SERVICE.BOOKINGS_AFFECTED');
      expect(refused.body.affectedBookings).toEqual([{ reference: atA.reference, start: '2026-12-01T10:00:00+01:00' }]);
      const moved = await as(admin)
        .patch(`/services/${serviceId}`, { officeIds: [officeB], description: 'Mit Termin', cancelAffected: true })
        .expect(200);
      expect(moved.body).toMatchObject({ id: serviceId, officeIds: [officeB], description: 'Mit Termin' });
      expect(await statusOf(atA)).toBe('cancelled');
      expect(await statusOf(atB)).toBe('confirmed');

      await as(admin).delete(`/services/${serviceId}`).expect(409);
      await as(admin).delete(`/services/${serviceId}`).query({ cancelAffected: 'true' }).expect(200);
      expect(await statusOf(atB)).toBe('cancelled');
      const services = (await t.http().get(`${API}/services`).expect(200)).body as Array<{ id: string }>;
      expect(services.map((s) => s.id)).not.toContain(serviceId);
      // The clerk's day list still names the deleted service of a booking.
      const clerk = await t.token({ tenant: 'demo', roles: ['clerk'] });
      const day = await as(clerk).get(`/offices/${officeB}/bookings`).query({ date: '2026-12-01' }).expect(200);
      expect(day.body.items).toEqual([
        expect.objectContaining({ reference: atB.reference, status: 'cancelled', serviceName: 'Beglaubigung' }),
      ]);
      expect((await outboxEvents(t.dataSource, serviceId)).map((e) => e.type)).toEqual([
        'de.amtsweg.appointments.service.created.v1',
        'de.amtsweg.appointments.service.updated.v1',
        'de.amtsweg.appointments.service.deleted.v1',
      ]);
    });
  });

  describe('booking settings', () => {
    const SETTINGS = {
      bookingWindowDays: 30,
      leadTimeMinutes: 120,
      maxActiveBookingsPerEmail: 2,
      holdMinutes: 20,
      waitingOfferMinutes: 45,
      requestsPerMinutePerAddress: null,
      proofOfWorkMaxNumber: null,
      reopenDelayMinutes: 0,
    };

    it("reads and replaces the tenant's booking rules, which bookings then follow", async () => {
      const before = await as(admin).get('/booking-settings').expect(200);
      expect(before.body).toEqual({
        bookingWindowDays: 60,
        leadTimeMinutes: 60,
        maxActiveBookingsPerEmail: null,
        holdMinutes: null,
        waitingOfferMinutes: 60,
        requestsPerMinutePerAddress: null,
        proofOfWorkMaxNumber: null,
        reopenDelayMinutes: 0,
      });
      const muster = await t.token({ tenant: 'muster', roles: ['tenant-admin'] });
      expect((await as(muster).put('/booking-settings', SETTINGS).expect(404)).body.code).toBeDefined();

      const invalid = await as(admin)
        .put('/booking-settings', { ...SETTINGS, holdMinutes: 0, proofOfWorkMaxNumber: 5 })
        .expect(400);
      expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['holdMinutes', 'proofOfWorkMaxNumber']);
      const missing = await as(admin)
        .put('/booking-settings', { ...SETTINGS, reopenDelayMinutes: undefined })
        .expect(400);
      expect(new Set(missing.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reopenDelayMinutes']));

      try {
        expect((await as(admin).put('/booking-settings', SETTINGS).expect(200)).body).toEqual(SETTINGS);
        expect((await as(admin).get('/booking-settings').expect(200)).body).toEqual(SETTINGS);
        // A hold now, for 20 minutes.
        const held = await t
          .http()
          .post(`${API}/bookings`)
          .send({
            officeId: DEMO_IDS.offices.demoMitte,
            serviceId: DEMO_IDS.services.demoMeldebescheinigung,
            start: '2026-12-03T11:00:00+01:00',
            citizen: { name: 'H', email: 'h@example.org' },
          })
          .expect(201);
        expect(held.body.status).toBe('held');
        const event = (await outboxEvents(t.dataSource, 'demo')).find((e) => e.type.endsWith('booking-settings.updated.v1'))!;
        expect(event.data).toEqual(SETTINGS);
      } finally {
        await as(admin).put('/booking-settings', before.body).expect(200);
      }
    });
  });
});
