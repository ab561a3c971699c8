import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { waitFor } from '@amtsweg/eventing/testing';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { e2eModes, startProcessForTest, type ComposedProcess } from '../support/composed-process';

interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
}

/** Issue #16: a tenant admin opens an office and a service; a citizen books there; a closure calls it off with a mail. */
describe.each(e2eModes())('a tenant admin sets up an office and a service — %s', (_mode, infra) => {
  let composed: ComposedProcess | undefined;
  let app: INestApplication;

  beforeAll(async () => {
    composed = await startProcessForTest(gatewayProcess({}), infra);
    ({ app } = composed);
  }, 90_000);
  afterAll(() => composed?.close(), 60_000);

  const mailboxFor = async (email: string): Promise<MailboxEntry[]> =>
    (await request(app.getHttpServer()).get('/api/v1/dev/mailbox').query({ to: email }).expect(200)).body;

  it('books at the new office, and mails the citizen when a closure cancels the booking', async () => {
    const http = request(app.getHttpServer());
    const token = (await http.post('/api/v1/dev/token').send({ email: 'admin@demo.example' }).expect(200)).body.access_token as string;
    const admin = { authorization: `Bearer ${token}` };
    const office = await http
      .post('/api/v1/tenants/demo/offices')
      .set(admin)
      .send({
        name: 'Bürgerbüro Onboarding',
        address: { street: 'Rathausplatz 1', postalCode: '40210', city: 'Beispielstadt' },
        slotGridMinutes: 15,
        counters: 2,
        openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' })),
      })
      .expect(201);
    const service = await http
      .post('/api/v1/tenants/demo/services')
      .set(admin)
      .send({ name: 'Beglaubigung', durationMinutes: 15, officeIds: [office.body.id] })
      .expect(201);
    const query = { officeId: office.body.id, serviceId: service.body.id };
    const [slot] = (await http.get('/api/v1/tenants/demo/slots').query(query).expect(200)).body as Array<{ start: string }>;

    const email = `e2e-office-${Date.now()}@example.org`;
    const booked = await http
      .post('/api/v1/tenants/demo/bookings')
      .send({ ...query, start: slot.start, citizen: { name: 'Erika Mustermann', email } })
      .expect(201);
    await waitFor(
      'the confirmation mail',
      () => mailboxFor(email),
      (mails) => mails.length === 1,
      { timeoutMs: 20_000 },
    );

    const day = slot.start.slice(0, 10);
    const closure = { firstDay: day, lastDay: day, reason: 'Wasserschaden' };
    const refused = await http.post(`/api/v1/tenants/demo/offices/${office.body.id}/closures`).set(admin).send(closure).expect(409);
    expect(refused.body.affectedBookings).toEqual([{ reference: booked.body.reference, start: slot.start }]);
    await http
      .post(`/api/v1/tenants/demo/offices/${office.body.id}/closures`)
      .set(admin)
      .send({ ...closure, cancelAffected: true })
      .expect(201);

    const [cancellation] = await waitFor(
      'the cancellation mail',
      () => mailboxFor(email),
      (mails) => mails.length === 2,
      {
        timeoutMs: 20_000,
      },
    );
    expect(cancellation.subject).toMatch(/abgesagt/i);
    expect(cancellation.text).toContain('vom Amt abgesagt');
    expect(cancellation.text).toContain('by the office');
    // The mail's link opens the cancelled booking.
    const link = new URL(/https?:\/\/\S+\/buchung\/\S+/.exec(cancellation.text)![0]);
    const view = await http
      .get(`/api/v1/tenants/demo/bookings/${booked.body.reference}`)
      .query({ token: link.searchParams.get('token') })
      .expect(200);
    expect(view.body.status).toBe('cancelled');
  }, 60_000);
});
