import { startAppointmentsTestApp, type AppointmentsTestApp } from '../../apps/appointments/test/appointments-test-app';
import { DEMO_IDS } from '../../apps/appointments/src/seed/demo-data';
import { LogCapture, sample } from './log-capture';

const NAME = 'Adelheid Quastenberg';
const EMAIL = 'adelheid.quastenberg@example.org';
const CORRELATION_ID = 'ops-logging-0001';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const BOOKINGS_ROUTE = '/api/v1/tenants/:tenant/bookings';

describe('logs and HTTP metrics of the appointments service', () => {
  let t: AppointmentsTestApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    t = await startAppointmentsTestApp();
    t.app.useLogger(logs.logger);
  }, 60_000);
  afterAll(() => t?.close());

  it('books without a name or e-mail in any log line, each request line carrying its correlation and trace id', async () => {
    const http = t.http();
    const slots = await http
      .get('/api/v1/tenants/demo/slots')
      .query({
        officeId: DEMO_IDS.offices.demoMitte,
        serviceId: DEMO_IDS.services.demoPersonalausweis,
        from: '2026-12-01T00:00:00+01:00',
        to: '2026-12-01T23:59:00+01:00',
      })
      .expect(200);
    const citizen = { name: NAME, email: EMAIL };
    const booking = {
      officeId: DEMO_IDS.offices.demoMitte,
      serviceId: DEMO_IDS.services.demoPersonalausweis,
      start: slots.body[0].start,
      citizen,
    };
    await http
      .post('/api/v1/tenants/demo/bookings')
      .set('x-correlation-id', CORRELATION_ID)
      .set('traceparent', `00-${TRACE_ID}-00f067aa0ba902b7-01`)
      .send(booking)
      .expect(201);
    // The paths where personal data could leak: a refused body, a conflict, a query string.
    await http
      .post('/api/v1/tenants/demo/bookings')
      .send({ ...booking, citizen: { ...citizen, phone: '+49 170 1234567' } })
      .expect(400);
    // The slot has a few counters: book it until it is taken.
    let status = 201;
    for (let attempt = 0; attempt < 10 && status === 201; attempt++)
      status = (await http.post('/api/v1/tenants/demo/bookings').send(booking)).status;
    expect(status).toBe(409);
    await http.get('/api/v1/tenants/demo/bookings/NOPE-NOPE').query({ token: EMAIL }).expect(404);

    const everything = logs.raw.join('\n').toLowerCase();
    for (const secret of [NAME, EMAIL, 'quastenberg', 'adelheid', '1234567']) expect(everything).not.toContain(secret.toLowerCase());

    const requests = logs.lines().filter((line) => line.context === 'HTTP' && line.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const line of requests)
      expect(line).toEqual(
        expect.objectContaining({ correlationId: expect.any(String), traceId: expect.stringMatching(/^[0-9a-f]{32}$/) }),
      );
    const booked = requests.find((line) => line.status === 201);
    expect(booked).toMatchObject({
      method: 'POST',
      route: BOOKINGS_ROUTE,
      correlationId: CORRELATION_ID,
      tenantId: 'demo',
      traceId: TRACE_ID,
    });
    expect(booked?.durationMs).toEqual(expect.any(Number));
    // The route template, never the path with its reference or the query with its token.
    expect(requests.find((line) => line.status === 404)?.route).toBe('/api/v1/tenants/:tenant/bookings/:reference');
  });

  it('counts requests by method, route template and status at /metrics', async () => {
    const http = t.http();
    const before = (await http.get('/metrics').expect(200)).text;
    await http.get('/api/v1/tenants/demo/offices').expect(200);
    const after = await http.get('/metrics').expect(200);
    expect(after.headers['content-type']).toMatch(/^text\/plain/);
    const labels = { method: 'GET', route: '/api/v1/tenants/:tenant/offices', status: '200' };
    expect(sample(after.text, 'http_server_request_duration_seconds_count', labels)).toBe(
      (sample(before, 'http_server_request_duration_seconds_count', labels) ?? 0) + 1,
    );
    expect(
      sample(after.text, 'http_server_request_duration_seconds_count', { method: 'POST', route: BOOKINGS_ROUTE, status: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(after.text, 'http_server_request_duration_seconds_count', { method: 'POST', route: BOOKINGS_ROUTE, status: '409' })).toBe(
      1,
    );
    expect(sample(after.text, 'amtsweg_outbox_backlog_events', { service: 'appointments' })).toEqual(expect.any(Number));
    expect(sample(after.text, 'process_cpu_seconds_total', {})).toEqual(expect.any(Number));
  });
});
