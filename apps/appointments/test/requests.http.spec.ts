import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Response } from 'supertest';
import { DEMO_IDS } from '../src/seed/demo-data';
import { startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

const MITTE = DEMO_IDS.offices.demoMitte;
const AUSWEIS = DEMO_IDS.services.demoPersonalausweis;
const UNKNOWN_ID = '0193a0b2-7c1e-7d3a-9f00-0000000000ff';
const valid = {
  officeId: MITTE,
  serviceId: AUSWEIS,
  start: '2026-12-01T09:00:00+01:00',
  citizen: { name: 'Erika Mustermann', email: 'erika@example.org' },
};

/** Every error is problem+json with a stable code; 4xx ones name what is wrong. */
function expectProblem(response: Response, status: number, code?: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code: code ?? expect.any(String) });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    correlationId: expect.any(String),
  });
}

function fields(response: Response): string[] {
  return (response.body.errors ?? []).map((error: { field: string }) => error.field);
}

describe('malformed and refused requests (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  const post = (body: unknown) =>
    t
      .http()
      .post('/api/v1/tenants/demo/bookings')
      .send(body as object);

  describe('booking bodies', () => {
    it('400 for a body that is not JSON', async () => {
      expectProblem(
        await t.http().post('/api/v1/tenants/demo/bookings').set('Content-Type', 'application/json').send('{"officeId": '),
        400,
        'REQUEST.MALFORMED_JSON',
      );
    });

    it('415 for a body that is not JSON at all', async () => {
      expectProblem(await t.http().post('/api/v1/tenants/demo/bookings').set('Content-Type', 'text/plain').send('hello'), 415);
    });

    it('413 for a body that is too large', async () => {
      expectProblem(await post({ ...valid, citizen: { ...valid.citizen, name: 'x'.repeat(200_000) } }), 413);
    });

    it('400 naming every missing field', async () => {
      const response = await post({});
      expectProblem(response, 400, 'REQUEST.INVALID');
      expect(fields(response)).toEqual(expect.arrayContaining(['officeId', 'serviceId', 'start', 'citizen']));
    });

    it('400 for an array, a string or null as body', async () => {
      expectProblem(await post([valid]), 400);
      expectProblem(await t.http().post('/api/v1/tenants/demo/bookings').set('Content-Type', 'application/json').send('"booking"'), 400);
      expectProblem(await t.http().post('/api/v1/tenants/demo/bookings').set('Content-Type', 'application/json').send('null'), 400);
    });

    it.each([
      ['an id that is no UUID', { officeId: 'mitte' }, 'officeId'],
      ['an id of the wrong type', { serviceId: 42 }, 'serviceId'],
      ['citizen as a string', { citizen: 'Erika' }, 'citizen'],
      ['a name of the wrong type', { citizen: { name: 7, email: 'erika@example.org' } }, 'citizen.name'],
      ['an empty name', { citizen: { name: '', email: 'erika@example.org' } }, 'citizen.name'],
      ['a name of spaces', { citizen: { name: '   ', email: 'erika@example.org' } }, 'citizen.name'],
      ['a name of 201 characters', { citizen: { name: 'x'.repeat(201), email: 'erika@example.org' } }, 'citizen.name'],
      ['a malformed e-mail address', { citizen: { name: 'Erika', email: 'erika.example.org' } }, 'citizen.email'],
      [
        'an e-mail address of 255 characters',
        { citizen: { name: 'Erika', email: `${'e'.repeat(64)}@${'x'.repeat(63)}.${'y'.repeat(63)}.${'z'.repeat(58)}.org` } },
        'citizen.email',
      ],
      ['a start without offset', { start: '2026-12-01T09:00:00' }, 'start'],
      ['a start that is a date', { start: '2026-12-01' }, 'start'],
      ['a start that does not exist', { start: '2026-02-30T09:00:00+01:00' }, 'start'],
      ['a start as a number', { start: 1764576000000 }, 'start'],
      ['an unknown field', { priority: 'high' }, 'priority'],
      ['an unknown field of the citizen', { citizen: { ...valid.citizen, phone: '0123' } }, 'citizen.phone'],
    ])('400 for %s', async (_what, change, field) => {
      const response = await post({ ...valid, ...change });
      expectProblem(response, 400, 'REQUEST.INVALID');
      expect(fields(response)).toContain(field);
    });

    it('accepts a 254-character e-mail address', async () => {
      const email = `${'e'.repeat(64)}@${'x'.repeat(63)}.${'y'.repeat(63)}.${'z'.repeat(57)}.org`;
      expect(email).toHaveLength(254);
      expect((await post({ ...valid, start: '2026-12-01T09:15:00+01:00', citizen: { name: 'Erika', email } })).status).toBe(201);
    });

    it('404 for an unknown office or service', async () => {
      expectProblem(await post({ ...valid, officeId: UNKNOWN_ID }), 404, 'OFFICE.NOT_FOUND');
      expectProblem(await post({ ...valid, serviceId: UNKNOWN_ID }), 404, 'SERVICE.NOT_FOUND');
      // Another tenant's office and service are unknown here.
      expectProblem(await post({ ...valid, officeId: DEMO_IDS.offices.musterRathaus }), 404, 'OFFICE.NOT_FOUND');
      expectProblem(await post({ ...valid, serviceId: DEMO_IDS.services.musterPersonalausweis }), 404, 'SERVICE.NOT_FOUND');
    });

    it.each([
      ['off the grid', '2026-12-01T09:05:00+01:00', 'BOOKING.NOT_ON_GRID'],
      ['with seconds', '2026-12-01T09:00:30+01:00', 'BOOKING.NOT_ON_GRID'],
      ['outside the opening hours', '2026-12-01T12:30:00+01:00', 'BOOKING.OUTSIDE_OPENING_HOURS'],
      ['running past closing time', '2026-12-01T11:45:00+01:00', 'BOOKING.OUTSIDE_OPENING_HOURS'],
      ['on a Sunday', '2026-12-06T09:00:00+01:00', 'BOOKING.OUTSIDE_OPENING_HOURS'],
      ['on a public holiday', '2026-12-25T09:00:00+01:00', 'BOOKING.OFFICE_CLOSED'],
      ['in the past', '2026-11-27T09:00:00+01:00', 'BOOKING.IN_PAST'],
      ['inside the lead time', '2026-11-30T08:30:00+01:00', 'BOOKING.INSIDE_LEAD_TIME'],
      ['beyond the booking window', '2027-02-01T09:00:00+01:00', 'BOOKING.BEYOND_WINDOW'],
    ])('422 for a start %s', async (_what, start, code) => {
      const response = await post({ ...valid, start });
      expectProblem(response, 422, code);
      expect(fields(response)).toEqual(['start']);
    });
  });

  describe('slot queries', () => {
    const slots = (query: Record<string, unknown>) => t.http().get('/api/v1/tenants/demo/slots').query(query);

    it.each([
      ['a missing serviceId', { officeId: MITTE }, 'serviceId'],
      ['a malformed officeId', { officeId: 'x', serviceId: AUSWEIS }, 'officeId'],
      ['two officeIds', { officeId: [MITTE, MITTE], serviceId: AUSWEIS }, 'officeId'],
      ['a malformed from', { officeId: MITTE, serviceId: AUSWEIS, from: 'today' }, 'from'],
      ['a to without offset', { officeId: MITTE, serviceId: AUSWEIS, to: '2026-12-05T00:00:00' }, 'to'],
      ['an unknown parameter', { officeId: MITTE, serviceId: AUSWEIS, limit: 5 }, 'limit'],
    ])('400 for %s', async (_what, query, field) => {
      const response = await slots(query);
      expectProblem(response, 400, 'REQUEST.INVALID');
      expect(fields(response)).toContain(field);
    });

    it('422 when to lies before from, or more than 62 days after it', async () => {
      expectProblem(
        await slots({ officeId: MITTE, serviceId: AUSWEIS, from: '2026-12-05T00:00:00Z', to: '2026-12-04T00:00:00Z' }),
        422,
        'SLOTS.RANGE_INVERTED',
      );
      expectProblem(
        await slots({ officeId: MITTE, serviceId: AUSWEIS, from: '2026-12-01T00:00:00Z', to: '2027-02-01T00:00:01Z' }),
        422,
        'SLOTS.RANGE_TOO_LONG',
      );
      expect((await slots({ officeId: MITTE, serviceId: AUSWEIS, from: '2026-12-01T00:00:00Z', to: '2027-02-01T00:00:00Z' })).status).toBe(
        200,
      );
    });

    it('404 for an unknown office or service', async () => {
      expectProblem(await slots({ officeId: UNKNOWN_ID, serviceId: AUSWEIS }), 404, 'OFFICE.NOT_FOUND');
      expectProblem(await slots({ officeId: MITTE, serviceId: UNKNOWN_ID }), 404, 'SERVICE.NOT_FOUND');
    });

    it('reads an unencoded + in an offset (a space after decoding) as the + it was', async () => {
      const response = await t
        .http()
        .get(
          `/api/v1/tenants/demo/slots?officeId=${MITTE}&serviceId=${AUSWEIS}&from=2026-12-01T00:00:00+01:00&to=2026-12-02T00:00:00+01:00`,
        );
      expect(response.status).toBe(200);
      expect(response.body[0].start).toBe('2026-12-01T08:00:00+01:00');
    });
  });

  describe('tenants', () => {
    it.each([
      ['GET', '/api/v1/tenants/nowhere/offices'],
      ['GET', '/api/v1/tenants/nowhere/services'],
      ['GET', `/api/v1/tenants/nowhere/slots?officeId=${MITTE}&serviceId=${AUSWEIS}`],
      ['POST', '/api/v1/tenants/nowhere/bookings'],
      ['GET', '/api/v1/tenants/nowhere/bookings/ABCD-EFGH?token=x'],
      ['GET', '/api/v1/tenants/nowhere/bookings/ABCD-EFGH/calendar.ics?token=x'],
      ['DELETE', '/api/v1/tenants/nowhere/bookings/ABCD-EFGH?token=x'],
      ['POST', '/api/v1/tenants/nowhere/bookings/ABCD-EFGH/reschedule?token=x'],
      ['POST', '/api/v1/tenants/nowhere/bookings/ABCD-EFGH/attendance'],
      ['GET', `/api/v1/tenants/nowhere/offices/${MITTE}/bookings`],
      ['GET', '/api/v1/tenants/DEMO/offices'],
      ['GET', '/api/v1/tenants/d/offices'],
      ['GET', '/api/v1/tenants/de_mo/offices'],
    ])('404 TENANT.NOT_FOUND for %s %s, whatever the body or token', async (method, path) => {
      const response = await t
        .http()
        [method.toLowerCase() as 'get' | 'post' | 'delete'](path)
        .send(method === 'POST' ? valid : undefined);
      expectProblem(response, 404, 'TENANT.NOT_FOUND');
    });
  });

  describe('clerk routes', () => {
    const dayList = `/api/v1/tenants/demo/offices/${MITTE}/bookings?date=2026-12-01`;

    it('401 without a token, with a malformed or a forged one, or an expired one', async () => {
      const none = await t.http().get(dayList);
      expectProblem(none, 401, 'AUTH.MISSING_TOKEN');
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expectProblem(await t.http().get(dayList).set('Authorization', 'Basic Y2xlcms6c2VjcmV0'), 401, 'AUTH.MISSING_TOKEN');
      expectProblem(
        await t.http().get(dayList).auth('eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJkZW1vIn0.', { type: 'bearer' }),
        401,
        'AUTH.INVALID_TOKEN',
      );
      const expired = await t.token({ tenant: 'demo', roles: ['clerk'], expiresIn: '-1m' });
      expectProblem(await t.http().get(dayList).auth(expired, { type: 'bearer' }), 401, 'AUTH.INVALID_TOKEN');
      expectProblem(await t.http().post('/api/v1/tenants/demo/bookings/ABCD-EFGH/attendance').send({ status: 'arrived' }), 401);
    });

    it('403 for a valid token without the clerk role', async () => {
      const staff = await t.token({ tenant: 'demo', roles: ['staff', 'it-admin'] });
      expectProblem(await t.http().get(dayList).auth(staff, { type: 'bearer' }), 403, 'AUTH.ROLE_REQUIRED');
      expectProblem(
        await t
          .http()
          .post('/api/v1/tenants/demo/bookings/ABCD-EFGH/attendance')
          .auth(staff, { type: 'bearer' })
          .send({ status: 'arrived' }),
        403,
      );
    });

    it('404 for another tenant’s clerk', async () => {
      const musterClerk = await t.token({ tenant: 'muster', roles: ['clerk'] });
      expectProblem(await t.http().get(dayList).auth(musterClerk, { type: 'bearer' }), 404);
      expectProblem(
        await t
          .http()
          .post('/api/v1/tenants/demo/bookings/ABCD-EFGH/attendance')
          .auth(musterClerk, { type: 'bearer' })
          .send({ status: 'arrived' }),
        404,
      );
    });

    it('400 for a malformed date, office id, limit or cursor; 404 for an unknown office', async () => {
      const clerk = await t.token({ tenant: 'demo', roles: ['clerk'] });
      const get = (path: string) => t.http().get(path).auth(clerk, { type: 'bearer' });
      expectProblem(await get(`/api/v1/tenants/demo/offices/${MITTE}/bookings?date=2026-02-30`), 400, 'REQUEST.INVALID');
      expectProblem(await get(`/api/v1/tenants/demo/offices/${MITTE}/bookings?date=01.12.2026`), 400, 'REQUEST.INVALID');
      expectProblem(await get(`/api/v1/tenants/demo/offices/mitte/bookings?date=2026-12-01`), 400, 'REQUEST.INVALID_ID');
      expectProblem(await get(`/api/v1/tenants/demo/offices/${MITTE}/bookings?limit=0`), 400, 'REQUEST.INVALID');
      expectProblem(await get(`/api/v1/tenants/demo/offices/${MITTE}/bookings?limit=201`), 400, 'REQUEST.INVALID');
      expectProblem(await get(`/api/v1/tenants/demo/offices/${MITTE}/bookings?cursor=bm9wZQ`), 400, 'REQUEST.INVALID_CURSOR');
      expectProblem(await get(`/api/v1/tenants/demo/offices/${UNKNOWN_ID}/bookings`), 404, 'OFFICE.NOT_FOUND');
      expect((await get(`/api/v1/tenants/demo/offices/${MITTE}/bookings`)).status).toBe(200);
    });

    it('400 for an attendance status that is none; 404 for an unknown reference', async () => {
      const clerk = await t.token({ tenant: 'demo', roles: ['clerk'] });
      const attend = (reference: string, body: object) =>
        t.http().post(`/api/v1/tenants/demo/bookings/${reference}/attendance`).auth(clerk, { type: 'bearer' }).send(body);
      expectProblem(await attend('ABCD-EFGH', { status: 'cancelled' }), 400, 'REQUEST.INVALID');
      expectProblem(await attend('ABCD-EFGH', {}), 400, 'REQUEST.INVALID');
      expectProblem(await attend('ABCD-EFGH', { status: 'arrived' }), 404, 'BOOKING.NOT_FOUND');
      expectProblem(await attend('nonsense', { status: 'arrived' }), 404, 'BOOKING.NOT_FOUND');
    });
  });

  describe('manage routes', () => {
    it('400 for a reschedule without a valid start, 404 for a wrong token', async () => {
      const { body } = await post({ ...valid, start: '2026-12-02T09:00:00+01:00' }).expect(201);
      const reschedule = (token: string, payload: object) =>
        t.http().post(`/api/v1/tenants/demo/bookings/${body.reference}/reschedule`).query({ token }).send(payload);
      expectProblem(await reschedule(body.manageToken, {}), 400, 'REQUEST.INVALID');
      expectProblem(await reschedule(body.manageToken, { start: 'soon' }), 400, 'REQUEST.INVALID');
      expectProblem(await reschedule(body.manageToken, { start: '2026-12-02T10:00:00+01:00', officeId: MITTE }), 400, 'REQUEST.INVALID');
      expectProblem(await reschedule('wrong', { start: '2026-12-02T10:00:00+01:00' }), 404, 'BOOKING.NOT_FOUND');
      expectProblem(await reschedule(body.manageToken, { start: '2026-11-27T10:00:00+01:00' }), 422, 'BOOKING.IN_PAST');
    });

    it('409 ALREADY_STARTED for cancelling or moving an appointment that has begun', async () => {
      const { body } = await post({ ...valid, start: '2026-12-03T09:00:00+01:00' }).expect(201);
      t.clock.set(new Date('2026-12-03T09:05:00+01:00'));
      try {
        expectProblem(
          await t.http().delete(`/api/v1/tenants/demo/bookings/${body.reference}`).query({ token: body.manageToken }),
          409,
          'BOOKING.ALREADY_STARTED',
        );
        expectProblem(
          await t
            .http()
            .post(`/api/v1/tenants/demo/bookings/${body.reference}/reschedule`)
            .query({ token: body.manageToken })
            .send({ start: '2026-12-04T09:00:00+01:00' }),
          409,
          'BOOKING.ALREADY_STARTED',
        );
      } finally {
        t.clock.set(new Date('2026-11-30T08:00:00+01:00'));
      }
    });

    it('404 for an unknown route', async () => {
      expectProblem(await t.http().get('/api/v1/tenants/demo/nothing-here'), 404);
    });
  });

  describe('OpenAPI', () => {
    it('documents every route with its tenant parameter, request bodies and problem answers', () => {
      const document = SwaggerModule.createDocument(t.app, new DocumentBuilder().setTitle('appointments').addBearerAuth().build());
      const paths = document.paths;
      expect(Object.keys(paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/tenants/{tenant}/offices',
          '/api/v1/tenants/{tenant}/services',
          '/api/v1/tenants/{tenant}/slots',
          '/api/v1/tenants/{tenant}/bookings',
          '/api/v1/tenants/{tenant}/bookings/{reference}',
          '/api/v1/tenants/{tenant}/bookings/{reference}/calendar.ics',
          '/api/v1/tenants/{tenant}/bookings/{reference}/reschedule',
          '/api/v1/tenants/{tenant}/bookings/{reference}/attendance',
          '/api/v1/tenants/{tenant}/offices/{officeId}/bookings',
        ]),
      );
      const bookOperation = paths['/api/v1/tenants/{tenant}/bookings'].post!;
      expect(Object.keys(bookOperation.responses)).toEqual(expect.arrayContaining(['201', '400', '404', '409', '422']));
      expect(bookOperation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'tenant', in: 'path' })]));
      const schemas = document.components!.schemas! as Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
      expect(schemas.BookSlotRequest.required).toEqual(expect.arrayContaining(['officeId', 'serviceId', 'start', 'citizen']));
      expect(Object.keys(schemas.BookingCreatedResponse.properties!)).toEqual(
        expect.arrayContaining(['reference', 'manageToken', 'status', 'start', 'end', 'officeId', 'serviceId']),
      );
      expect(paths['/api/v1/tenants/{tenant}/offices/{officeId}/bookings'].get!.security).toEqual([{ bearer: [] }]);
    });
  });
});
