import { createHash } from 'node:crypto';
import { BookingReferences } from '../src/booking/booking-reference';
import { DEMO_IDS } from '../src/seed/demo-data';
import { addOffice } from './fixtures';
import { outboxEvents, sealedContact, startAppointmentsTestApp, TEST_NOW, type AppointmentsTestApp } from './appointments-test-app';

const MITTE = DEMO_IDS.offices.demoMitte;
const AUSWEIS = DEMO_IDS.services.demoPersonalausweis;
const MELDE = DEMO_IDS.services.demoMeldebescheinigung;

describe('appointments over HTTP (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  const book = (start: string, email = 'erika@example.org', overrides: Record<string, unknown> = {}) =>
    t
      .http()
      .post('/api/v1/tenants/demo/bookings')
      .send({ officeId: MITTE, serviceId: AUSWEIS, start, citizen: { name: 'Erika Mustermann', email }, ...overrides });

  const slotsOn = async (date: string, officeId: string = MITTE, serviceId: string = AUSWEIS) => {
    const response = await t
      .http()
      .get('/api/v1/tenants/demo/slots')
      .query({ officeId, serviceId, from: `${date}T00:00:00+01:00`, to: `${date}T23:59:00+01:00` })
      .expect(200);
    return response.body as Array<{ start: string; end: string; remaining: number }>;
  };

  describe('offices and services', () => {
    it('lists the offices as a bare array with address, zone and opening hours', async () => {
      const { body } = await t.http().get('/api/v1/tenants/demo/offices').expect(200);
      const mitte = body.find((office: { id: string }) => office.id === MITTE);
      expect(mitte).toEqual({
        id: MITTE,
        name: 'Bürgerbüro Mitte',
        address: { street: 'Marktplatz 1', postalCode: '12345', city: 'Demostadt' },
        timeZone: 'Europe/Berlin',
        slotGridMinutes: 15,
        openingHours: expect.arrayContaining([
          { weekday: 1, opens: '08:00', closes: '12:00' },
          { weekday: 2, opens: '14:00', closes: '18:00' },
        ]),
        counters: 3,
        phone: null,
        email: null,
        accessibility: null,
        directions: null,
      });
      expect(mitte.openingHours).toHaveLength(7);
    });

    it('lists the services as a bare array, and only the tenant’s own', async () => {
      const { body } = await t.http().get('/api/v1/tenants/demo/services').expect(200);
      expect(body).toContainEqual({
        id: AUSWEIS,
        name: 'Personalausweis beantragen',
        durationMinutes: 30,
        officeIds: [MITTE, DEMO_IDS.offices.demoNord],
        description: null,
        documents: [],
        fee: null,
      });
      expect(body.map((s: { id: string }) => s.id)).not.toContain(DEMO_IDS.services.musterPersonalausweis);
    });
  });

  describe('free slots', () => {
    it('lists a day’s slots in the office’s offset, each with the free counters', async () => {
      const slots = await slotsOn('2026-12-01');
      expect(slots).toHaveLength(30);
      expect(slots[0]).toEqual({ start: '2026-12-01T08:00:00+01:00', end: '2026-12-01T08:30:00+01:00', remaining: 3 });
      expect(slots[29]).toEqual({ start: '2026-12-01T17:30:00+01:00', end: '2026-12-01T18:00:00+01:00', remaining: 3 });
    });

    it('defaults to now → 14 days and leaves out what lies inside the lead time', async () => {
      const { body } = await t.http().get('/api/v1/tenants/demo/slots').query({ officeId: MITTE, serviceId: MELDE }).expect(200);
      expect(body[0].start).toBe('2026-11-30T09:00:00+01:00');
      expect(body[body.length - 1].start < '2026-12-14T08:00:00+01:00').toBe(true);
      expect(body.some((slot: { start: string }) => slot.start.startsWith('2026-12-11'))).toBe(true);
    });

    it('leaves out public holidays and closures', async () => {
      expect(await slotsOn('2026-12-25')).toEqual([]);
      await t.dataSource.query(
        `INSERT INTO appointments.closure (id, tenant, office_id, first_day, last_day, reason) VALUES ('0193a0b2-7c1e-7d3a-9f00-000000000001', 'demo', $1, '2026-12-08', '2026-12-08', 'Umzug')`,
        [MITTE],
      );
      expect(await slotsOn('2026-12-08')).toEqual([]);
      expect(await slotsOn('2026-12-08', DEMO_IDS.offices.demoNord)).toEqual([]); // Nord is closed on Tuesdays anyway
      expect((await slotsOn('2026-12-09', DEMO_IDS.offices.demoNord)).length).toBeGreaterThan(0);
    });

    it('leaves out what lies beyond the booking window', async () => {
      const { body } = await t
        .http()
        .get('/api/v1/tenants/demo/slots')
        .query({ officeId: MITTE, serviceId: AUSWEIS, from: '2027-01-20T00:00:00+01:00', to: '2027-02-10T00:00:00+01:00' })
        .expect(200);
      expect(body.length).toBeGreaterThan(0);
      expect(body.every((slot: { start: string }) => new Date(slot.start) <= new Date('2027-01-29T08:00:00+01:00'))).toBe(true);
    });

    it('without officeId ("any office"): the slots of every office offering the service, each with its officeId, sorted by time', async () => {
      const NORD = DEMO_IDS.offices.demoNord;
      const day = '2026-12-09';
      const { body } = await t
        .http()
        .get('/api/v1/tenants/demo/slots')
        .query({ serviceId: AUSWEIS, from: `${day}T00:00:00+01:00`, to: `${day}T23:59:00+01:00` })
        .expect(200);
      const mitte = (await slotsOn(day, MITTE)).map((slot) => ({ ...slot, officeId: MITTE }));
      const nord = (await slotsOn(day, NORD)).map((slot) => ({ ...slot, officeId: NORD }));
      expect(mitte.length).toBeGreaterThan(0);
      expect(nord.length).toBeGreaterThan(0);
      const byTime = (a: { start: string; officeId: string }, b: { start: string; officeId: string }) =>
        Date.parse(a.start) - Date.parse(b.start) || a.officeId.localeCompare(b.officeId);
      expect(body).toEqual([...mitte, ...nord].sort(byTime));
      // With officeId the slots stay as they were: no officeId in each.
      expect(Object.keys((await slotsOn(day, MITTE))[0]).sort()).toEqual(['end', 'remaining', 'start']);
    });

    it('without officeId, an unknown service is 404 and a malformed one 400', async () => {
      await t.http().get('/api/v1/tenants/demo/slots').query({ serviceId: '00000000-0000-4000-8000-000000000000' }).expect(404);
      await t.http().get('/api/v1/tenants/demo/slots').query({ serviceId: 'nope' }).expect(400);
    });
  });

  describe('booking', () => {
    it('books a slot: 201 with reference and manage token, and BookingConfirmedV2 in the outbox, address and link sealed', async () => {
      const response = await book('2026-12-01T08:15:00+01:00').expect(201);
      expect(response.body).toEqual({
        reference: expect.stringMatching(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/),
        manageToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        status: 'confirmed',
        start: '2026-12-01T08:15:00+01:00',
        end: '2026-12-01T08:45:00+01:00',
        officeId: MITTE,
        serviceId: AUSWEIS,
      });
      const { reference, manageToken } = response.body;

      const [row] = await t.dataSource.query('SELECT * FROM appointments.booking WHERE reference = $1', [reference]);
      expect(row.manage_token_sha256).toBe(createHash('sha256').update(manageToken).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(manageToken);

      const event = (await outboxEvents(t.dataSource)).find((e) => e.data.reference === reference)!;
      expect(event.type).toBe('de.amtsweg.appointments.booking.confirmed.v2');
      expect(event.subject).toBe(row.id);
      expect(event.tenantid).toBe('demo');
      expect(event.data).toEqual({
        bookingId: row.id,
        reference,
        officeId: MITTE,
        officeName: 'Bürgerbüro Mitte',
        officeAddress: 'Marktplatz 1, 12345 Demostadt',
        timeZone: 'Europe/Berlin',
        serviceId: AUSWEIS,
        serviceName: 'Personalausweis beantragen',
        start: '2026-12-01T08:15:00+01:00',
        end: '2026-12-01T08:45:00+01:00',
        revision: 0,
        contact: { keyId: 'dev', iv: expect.any(String), ciphertext: expect.any(String), tag: expect.any(String) },
      });
      expect(sealedContact(event)).toEqual({
        email: 'erika@example.org',
        manageUrl: `${t.config.publicUrl}/demo/buchung/${reference}?token=${manageToken}`,
      });
      expect(event.raw).not.toContain('Erika Mustermann');
    });

    it('draws a new reference when the drawn one is taken in the tenant', async () => {
      const first = (await book('2026-12-01T10:00:00+01:00', 'first@example.org').expect(201)).body.reference;
      const references = t.app.get(BookingReferences);
      const draw = jest.spyOn(references, 'next').mockReturnValueOnce(first);
      try {
        const second = (await book('2026-12-01T10:00:00+01:00', 'second@example.org').expect(201)).body.reference;
        expect(second).not.toBe(first);
        expect(draw).toHaveBeenCalledTimes(2);
      } finally {
        draw.mockRestore();
      }
    });

    it('accepts the start in any offset and answers in the office’s', async () => {
      const { body } = await book('2026-12-01T13:30:00Z').expect(201);
      expect(body.start).toBe('2026-12-01T14:30:00+01:00');
    });

    it('takes one counter per booking and refuses the slot with 409 SLOT_TAKEN once every counter is taken', async () => {
      const at = '2026-12-02T09:00:00+01:00';
      const remaining = async () => (await slotsOn('2026-12-02')).find((slot) => slot.start === at)?.remaining ?? 0;
      expect(await remaining()).toBe(3);
      await book(at, 'a@example.org').expect(201);
      expect(await remaining()).toBe(2);
      await book(at, 'b@example.org').expect(201);
      await book(at, 'c@example.org').expect(201);
      expect(await remaining()).toBe(0);
      // The overlapping neighbours are gone too: a 30-minute slot at 08:45 or 09:15 needs a free counter.
      expect((await slotsOn('2026-12-02')).map((slot) => slot.start)).not.toEqual(expect.arrayContaining(['2026-12-02T08:45:00+01:00']));
      const refused = await book(at, 'd@example.org').expect(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 409, code: 'BOOKING.SLOT_TAKEN' });
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM appointments.booking WHERE start_at = $1`, [at])).toEqual([{ n: 3 }]);
    });
  });

  describe('the citizen’s manage link', () => {
    let reference: string;
    let token: string;

    beforeAll(async () => {
      ({ reference, manageToken: token } = (await book('2026-12-03T10:00:00+01:00', 'manage@example.org').expect(201)).body);
    });

    it('opens the booking with reference and token, without the token and with office and service names', async () => {
      const { body, headers } = await t.http().get(`/api/v1/tenants/demo/bookings/${reference}`).query({ token }).expect(200);
      expect(body).toEqual({
        reference,
        status: 'confirmed',
        start: '2026-12-03T10:00:00+01:00',
        end: '2026-12-03T10:30:00+01:00',
        officeId: MITTE,
        serviceId: AUSWEIS,
        officeName: 'Bürgerbüro Mitte',
        serviceName: 'Personalausweis beantragen',
      });
      expect(headers['cache-control']).toBe('no-store');
      await t.http().get(`/api/v1/tenants/demo/bookings/${reference.toLowerCase()}`).query({ token }).expect(200);
    });

    it('answers 404 for a wrong or missing token, an unknown reference, or another tenant', async () => {
      for (const response of [
        await t
          .http()
          .get(`/api/v1/tenants/demo/bookings/${reference}`)
          .query({ token: `${token}x` }),
        await t.http().get(`/api/v1/tenants/demo/bookings/${reference}`),
        await t
          .http()
          .get(`/api/v1/tenants/demo/bookings/${reference}`)
          .query({ token: [token, token] }),
        await t.http().get(`/api/v1/tenants/demo/bookings/ABCD-EFGH`).query({ token }),
        await t.http().get(`/api/v1/tenants/demo/bookings/not-a-reference`).query({ token }),
        await t.http().get(`/api/v1/tenants/muster/bookings/${reference}`).query({ token }),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('BOOKING.NOT_FOUND');
      }
    });

    it('serves the booking as an iCalendar file', async () => {
      const response = await t
        .http()
        .get(`/api/v1/tenants/demo/bookings/${reference}/calendar.ics`)
        .query({ token })
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const file = response.body as string;
      expect(file.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      const lines = file.replace(/\r\n /g, '').split('\r\n');
      expect(lines).toContain('DTSTART:20261203T090000Z');
      expect(lines).toContain('DTEND:20261203T093000Z');
      expect(lines).toContain('SUMMARY:Personalausweis beantragen');
      expect(lines).toContain('LOCATION:Bürgerbüro Mitte\\, Marktplatz 1\\, 12345 Demostadt');
      expect(lines.find((line) => line.startsWith('DESCRIPTION:'))).toContain(reference);
      const uid = lines.find((line) => line.startsWith('UID:'));
      const again = await t.http().get(`/api/v1/tenants/demo/bookings/${reference}/calendar.ics`).query({ token }).buffer(true);
      expect(again.text ?? '').toContain(uid);
      expect(file).not.toContain(token);
      await t.http().get(`/api/v1/tenants/demo/bookings/${reference}/calendar.ics`).query({ token: 'wrong' }).expect(404);
    });

    it('moves the booking: same reference and token, the old time free, the new one taken, BookingRescheduledV2', async () => {
      const before = (await slotsOn('2026-12-03')).find((slot) => slot.start === '2026-12-03T10:00:00+01:00')!.remaining;
      const { body } = await t
        .http()
        .post(`/api/v1/tenants/demo/bookings/${reference}/reschedule`)
        .query({ token })
        .send({ start: '2026-12-04T11:00:00+01:00' })
        .expect(200);
      expect(body).toMatchObject({
        reference,
        manageToken: token,
        status: 'confirmed',
        start: '2026-12-04T11:00:00+01:00',
        end: '2026-12-04T11:30:00+01:00',
      });
      expect((await slotsOn('2026-12-03')).find((slot) => slot.start === '2026-12-03T10:00:00+01:00')!.remaining).toBe(before + 1);
      expect((await slotsOn('2026-12-04')).find((slot) => slot.start === '2026-12-04T11:00:00+01:00')!.remaining).toBe(2);
      const event = (await outboxEvents(t.dataSource)).filter((e) => e.data.reference === reference).pop()!;
      expect(event.type).toBe('de.amtsweg.appointments.booking.rescheduled.v2');
      expect(event.data).toMatchObject({
        start: '2026-12-04T11:00:00+01:00',
        previousStart: '2026-12-03T10:00:00+01:00',
        previousEnd: '2026-12-03T10:30:00+01:00',
      });
      const ics = await t.http().get(`/api/v1/tenants/demo/bookings/${reference}/calendar.ics`).query({ token }).buffer(true);
      expect(ics.text).toContain('SEQUENCE:1');
    });

    it('refuses to move onto a full slot (409) or off the grid (422), and leaves the booking as it was', async () => {
      const full = '2026-12-02T09:00:00+01:00';
      expect(
        (await t.http().post(`/api/v1/tenants/demo/bookings/${reference}/reschedule`).query({ token }).send({ start: full })).body.code,
      ).toBe('BOOKING.SLOT_TAKEN');
      expect(
        (
          await t
            .http()
            .post(`/api/v1/tenants/demo/bookings/${reference}/reschedule`)
            .query({ token })
            .send({ start: '2026-12-04T11:05:00+01:00' })
        ).body.code,
      ).toBe('BOOKING.NOT_ON_GRID');
      await t
        .http()
        .post(`/api/v1/tenants/demo/bookings/${reference}/reschedule`)
        .query({ token: 'nope' })
        .send({ start: full })
        .expect(404);
      const { body } = await t.http().get(`/api/v1/tenants/demo/bookings/${reference}`).query({ token }).expect(200);
      expect(body.start).toBe('2026-12-04T11:00:00+01:00');
    });

    it('cancels: 204, the slot free again, BookingCancelledV2, still readable as cancelled; a second cancel is 409', async () => {
      const at = '2026-12-04T11:00:00+01:00';
      await t.http().delete(`/api/v1/tenants/demo/bookings/${reference}`).query({ token: 'wrong' }).expect(404);
      await t.http().delete(`/api/v1/tenants/demo/bookings/${reference}`).query({ token }).expect(204);
      expect((await slotsOn('2026-12-04')).find((slot) => slot.start === at)!.remaining).toBe(3);
      const { body } = await t.http().get(`/api/v1/tenants/demo/bookings/${reference}`).query({ token }).expect(200);
      expect(body.status).toBe('cancelled');
      const event = (await outboxEvents(t.dataSource)).filter((e) => e.data.reference === reference).pop()!;
      expect(event.type).toBe('de.amtsweg.appointments.booking.cancelled.v2');
      expect(event.data).toMatchObject({ cancelledBy: 'citizen' });
      expect(sealedContact(event).email).toBe('manage@example.org');
      const again = await t.http().delete(`/api/v1/tenants/demo/bookings/${reference}`).query({ token }).expect(409);
      expect(again.body.code).toBe('BOOKING.ALREADY_CANCELLED');
      const move = await t
        .http()
        .post(`/api/v1/tenants/demo/bookings/${reference}/reschedule`)
        .query({ token })
        .send({ start: at })
        .expect(409);
      expect(move.body.code).toBe('BOOKING.ALREADY_CANCELLED');
      const ics = await t.http().get(`/api/v1/tenants/demo/bookings/${reference}/calendar.ics`).query({ token }).buffer(true);
      expect(ics.text).toContain('STATUS:CANCELLED');
    });

    it('moves a booking onto a time overlapping its own on a one-counter office', async () => {
      const { officeId } = await addOffice(t.dataSource, { counters: 1 });
      const booked = await book('2026-12-07T09:00:00+01:00', 'one@example.org', { officeId }).expect(201);
      await t
        .http()
        .post(`/api/v1/tenants/demo/bookings/${booked.body.reference}/reschedule`)
        .query({ token: booked.body.manageToken })
        .send({ start: '2026-12-07T09:15:00+01:00' })
        .expect(200);
      await book('2026-12-07T09:30:00+01:00', 'two@example.org', { officeId }).expect(409);
      await book('2026-12-07T09:00:00+01:00', 'two@example.org', { officeId, serviceId: MELDE }).expect(201);
    });
  });

  describe('the per-e-mail limit', () => {
    it('refuses a booking with 409 EMAIL_LIMIT_REACHED when the address (in any case) holds the most active future bookings', async () => {
      // muster keeps the default limit of 3; demo has it off (API-CONVENTIONS.md).
      const office = DEMO_IDS.offices.musterRathaus;
      const service = DEMO_IDS.services.musterMeldebescheinigung;
      const bookMuster = (start: string, email: string) =>
        t
          .http()
          .post('/api/v1/tenants/muster/bookings')
          .send({ officeId: office, serviceId: service, start, citizen: { name: 'Max Muster', email } });
      await bookMuster('2026-12-01T08:00:00+01:00', 'max@example.org').expect(201);
      await bookMuster('2026-12-01T08:15:00+01:00', 'MAX@Example.org').expect(201);
      const third = await bookMuster('2026-12-01T08:30:00+01:00', 'Max@example.ORG').expect(201);
      const refused = await bookMuster('2026-12-01T08:45:00+01:00', 'max@EXAMPLE.org').expect(409);
      expect(refused.body.code).toBe('BOOKING.EMAIL_LIMIT_REACHED');
      await bookMuster('2026-12-01T08:45:00+01:00', 'moritz@example.org').expect(201);
      await t.http().delete(`/api/v1/tenants/muster/bookings/${third.body.reference}`).query({ token: third.body.manageToken }).expect(204);
      await bookMuster('2026-12-01T09:00:00+01:00', 'max@example.org').expect(201);
    });

    it('does not count bookings that already lie in the past', async () => {
      await t.dataSource.query(`UPDATE appointments.tenant SET max_active_bookings_per_email = 1 WHERE slug = 'demo'`);
      try {
        await book('2026-12-09T08:00:00+01:00', 'once@example.org').expect(201);
        expect((await book('2026-12-09T09:00:00+01:00', 'once@example.org').expect(409)).body.code).toBe('BOOKING.EMAIL_LIMIT_REACHED');
        t.clock.set(new Date('2026-12-09T08:30:00+01:00'));
        await book('2026-12-10T09:00:00+01:00', 'once@example.org').expect(201);
      } finally {
        t.clock.set(new Date('2026-11-30T08:00:00+01:00'));
        await t.dataSource.query(`UPDATE appointments.tenant SET max_active_bookings_per_email = NULL WHERE slug = 'demo'`);
      }
    });
  });

  describe('clerks', () => {
    const day = '2026-12-14';
    let clerk: string;
    const references: string[] = [];

    beforeAll(async () => {
      clerk = await t.token({ tenant: 'demo', roles: ['clerk'] });
      for (const [start, name] of [
        ['2026-12-14T10:00:00+01:00', 'Bea Zweite'],
        ['2026-12-14T08:00:00+01:00', 'Anna Erste'],
        ['2026-12-14T11:00:00+01:00', 'Carl Dritte'],
      ]) {
        const { body } = await t
          .http()
          .post('/api/v1/tenants/demo/bookings')
          .send({ officeId: MITTE, serviceId: MELDE, start, citizen: { name, email: `${name.split(' ')[0].toLowerCase()}@example.org` } })
          .expect(201);
        references.push(body.reference);
      }
      await book('2026-12-15T08:00:00+01:00', 'other-day@example.org').expect(201);
    });

    afterEach(() => {
      t.clock.set(TEST_NOW);
    });

    it('lists the office’s bookings of a local day by start, with the citizen’s name and status', async () => {
      const { body } = await t
        .http()
        .get(`/api/v1/tenants/demo/offices/${MITTE}/bookings`)
        .query({ date: day })
        .auth(clerk, { type: 'bearer' })
        .expect(200);
      expect(body.nextCursor).toBeNull();
      expect(body.items.map((item: { citizen: { name: string } }) => item.citizen.name)).toEqual([
        'Anna Erste',
        'Bea Zweite',
        'Carl Dritte',
      ]);
      expect(body.items[0]).toEqual({
        reference: references[1],
        status: 'confirmed',
        start: '2026-12-14T08:00:00+01:00',
        end: '2026-12-14T08:15:00+01:00',
        officeId: MITTE,
        serviceId: MELDE,
        officeName: 'Bürgerbüro Mitte',
        serviceName: 'Meldebescheinigung',
        counterId: expect.any(String),
        citizen: { name: 'Anna Erste' },
      });
      expect(JSON.stringify(body)).not.toContain('@example.org');
    });

    it('pages with a cursor', async () => {
      const first = await t
        .http()
        .get(`/api/v1/tenants/demo/offices/${MITTE}/bookings`)
        .query({ date: day, limit: 2 })
        .auth(clerk, { type: 'bearer' })
        .expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t
        .http()
        .get(`/api/v1/tenants/demo/offices/${MITTE}/bookings`)
        .query({ date: day, limit: 2, cursor: first.body.nextCursor })
        .auth(clerk, { type: 'bearer' })
        .expect(200);
      expect(second.body.items.map((item: { citizen: { name: string } }) => item.citizen.name)).toEqual(['Carl Dritte']);
      expect(second.body.nextCursor).toBeNull();
    });

    it('refuses to mark a booking of another day (409 BOOKING.NOT_TODAY); the citizen can still cancel it', async () => {
      // The clock stands on 30 November; the booking is on 2 December.
      const { body: booked } = await book('2026-12-02T11:00:00+01:00', 'early@example.org').expect(201);
      const attended = await t
        .http()
        .post(`/api/v1/tenants/demo/bookings/${booked.reference}/attendance`)
        .auth(clerk, { type: 'bearer' })
        .send({ status: 'no_show' });
      expect([attended.status, attended.body.code]).toEqual([409, 'BOOKING.NOT_TODAY']);
      const { body: viewed } = await t
        .http()
        .get(`/api/v1/tenants/demo/bookings/${booked.reference}`)
        .query({ token: booked.manageToken })
        .expect(200);
      expect(viewed.status).toBe('confirmed');
      await t.http().delete(`/api/v1/tenants/demo/bookings/${booked.reference}`).query({ token: booked.manageToken }).expect(204);
    });

    it('records arrived → done and confirmed → no_show, with events, and refuses anything else with 409', async () => {
      t.clock.set(new Date('2026-12-14T08:05:00+01:00'));
      const attend = (reference: string, status: string) =>
        t.http().post(`/api/v1/tenants/demo/bookings/${reference}/attendance`).auth(clerk, { type: 'bearer' }).send({ status });
      const [bea, anna, carl] = references;
      expect((await attend(anna, 'arrived').expect(200)).body).toMatchObject({
        reference: anna,
        status: 'arrived',
        citizen: { name: 'Anna Erste' },
      });
      expect((await attend(anna, 'arrived').expect(409)).body.code).toBe('BOOKING.TRANSITION_NOT_ALLOWED');
      expect((await attend(anna, 'no_show').expect(409)).body.code).toBe('BOOKING.TRANSITION_NOT_ALLOWED');
      expect((await attend(anna, 'done').expect(200)).body.status).toBe('done');
      expect((await attend(anna, 'arrived').expect(409)).body.code).toBe('BOOKING.TRANSITION_NOT_ALLOWED');
      expect((await attend(bea, 'no_show').expect(200)).body.status).toBe('no_show');
      expect((await attend(bea, 'arrived').expect(409)).body.code).toBe('BOOKING.TRANSITION_NOT_ALLOWED');
      expect((await attend(bea, 'confirmed').expect(200)).body.status).toBe('confirmed');
      expect((await attend(bea, 'no_show').expect(200)).body.status).toBe('no_show');
      expect((await attend(carl, 'done').expect(409)).body.code).toBe('BOOKING.TRANSITION_NOT_ALLOWED');
      const types = (await outboxEvents(t.dataSource))
        .filter((e) => [anna, bea].includes(e.data.reference as string))
        .map((e) => e.type.split('.').slice(-2, -1)[0]);
      expect(types).toEqual(['confirmed', 'confirmed', 'arrived', 'done', 'no-show', 'attendance-undone', 'no-show']);
      const { body } = await t
        .http()
        .get(`/api/v1/tenants/demo/offices/${MITTE}/bookings`)
        .query({ date: day })
        .auth(clerk, { type: 'bearer' })
        .expect(200);
      expect(body.items.map((item: { status: string }) => item.status)).toEqual(['done', 'no_show', 'confirmed']);
    });

    it('keeps a cancelled booking in the day list, and a clerk cannot mark it', async () => {
      const { body: booked } = await book('2026-12-14T09:00:00+01:00', 'gone@example.org').expect(201);
      await t.http().delete(`/api/v1/tenants/demo/bookings/${booked.reference}`).query({ token: booked.manageToken }).expect(204);
      const attended = await t
        .http()
        .post(`/api/v1/tenants/demo/bookings/${booked.reference}/attendance`)
        .auth(clerk, { type: 'bearer' })
        .send({ status: 'arrived' });
      expect(attended.status).toBe(409);
      const { body } = await t
        .http()
        .get(`/api/v1/tenants/demo/offices/${MITTE}/bookings`)
        .query({ date: day })
        .auth(clerk, { type: 'bearer' })
        .expect(200);
      expect(body.items.find((item: { reference: string }) => item.reference === booked.reference).status).toBe('cancelled');
    });
  });
});
