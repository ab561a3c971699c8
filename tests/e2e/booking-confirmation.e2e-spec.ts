import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dataSourceToken } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { waitFor } from '@amtsweg/eventing/testing';
import { EraseCitizenData } from '../../apps/appointments/src/data-protection/erase-citizen-data';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { e2eModes, startProcessForTest, type ComposedProcess } from '../support/composed-process';

interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

describe.each(e2eModes())('a citizen books and cancels — %s', (_mode, infra) => {
  let composed: ComposedProcess | undefined;
  let app: INestApplication;

  beforeAll(async () => {
    composed = await startProcessForTest(gatewayProcess({}), infra);
    ({ app } = composed);
  }, 90_000);
  afterAll(() => composed?.close(), 60_000);

  async function mailboxFor(email: string): Promise<MailboxEntry[]> {
    const response = await request(app.getHttpServer()).get('/api/v1/dev/mailbox').query({ to: email }).expect(200);
    return response.body;
  }

  it('mails a confirmation with calendar file and manage link, and a cancellation notice', async () => {
    const http = request(app.getHttpServer());
    const [office] = (await http.get('/api/v1/tenants/demo/offices').expect(200)).body;
    const [service] = (await http.get('/api/v1/tenants/demo/services').expect(200)).body;
    const slots = (await http.get('/api/v1/tenants/demo/slots').query({ officeId: office.id, serviceId: service.id }).expect(200)).body;
    expect(slots.length).toBeGreaterThan(0);

    const email = `e2e-${Date.now()}@example.org`;
    const booked = await http
      .post('/api/v1/tenants/demo/bookings')
      .send({ officeId: office.id, serviceId: service.id, start: slots[0].start, citizen: { name: 'Erika Mustermann', email } })
      .expect(201);
    const { reference, manageToken } = booked.body;

    const [confirmation] = await waitFor(
      'the confirmation mail',
      () => mailboxFor(email),
      (mails) => mails.length === 1,
      { timeoutMs: 20_000 },
    );
    expect(confirmation.subject).toContain(reference);
    expect(confirmation.text).toContain(`/buchung/${reference}?token=${manageToken}`);
    expect(confirmation.text).not.toContain('Erika');

    await http.delete(`/api/v1/tenants/demo/bookings/${reference}`).query({ token: manageToken }).expect(204);
    const mails = await waitFor(
      'the cancellation mail',
      () => mailboxFor(email),
      (all) => all.length === 2,
      { timeoutMs: 20_000 },
    );
    expect(mails[0].subject).toMatch(/abgesagt/i);
    expect(mails[0].subject).toContain(reference);

    const again = await http.get(`/api/v1/tenants/demo/bookings/${reference}`).query({ token: manageToken }).expect(200);
    expect(again.body.status).toBe('cancelled');
  }, 60_000);

  it('holds a booking where the tenant wants it confirmed: the mailed link confirms it, then the confirmation follows', async () => {
    const http = request(app.getHttpServer());
    await app
      .get<DataSource>(dataSourceToken('appointments'))
      .query(`UPDATE appointments.tenant SET hold_minutes = 15 WHERE slug = 'muster'`);
    const [office] = (await http.get('/api/v1/tenants/muster/offices').expect(200)).body;
    const [service] = (await http.get('/api/v1/tenants/muster/services').expect(200)).body;
    const [slot] = (await http.get('/api/v1/tenants/muster/slots').query({ officeId: office.id, serviceId: service.id }).expect(200)).body;

    const email = `e2e-hold-${Date.now()}@example.org`;
    const held = await http
      .post('/api/v1/tenants/muster/bookings')
      .send({ officeId: office.id, serviceId: service.id, start: slot.start, citizen: { name: 'Max Muster', email } })
      .expect(201);
    expect(held.body).toMatchObject({ status: 'held', heldUntil: expect.any(String) });
    expect(held.body.manageToken).toBeUndefined();

    const [holdMail] = await waitFor(
      'the mail with the confirmation link',
      () => mailboxFor(email),
      (mails) => mails.length === 1,
      { timeoutMs: 20_000 },
    );
    expect(holdMail.subject).toContain(`Bitte bestätigen Sie Ihren Termin ${held.body.reference}`);
    const link = /http\S+\/buchung\/\S+\?token=\S+/.exec(holdMail.text)![0];
    const token = new URL(link).searchParams.get('token');

    const confirmed = await http.post(`/api/v1/tenants/muster/bookings/${held.body.reference}/confirm`).query({ token }).expect(200);
    expect(confirmed.body.status).toBe('confirmed');
    const mails = await waitFor(
      'the confirmation mail',
      () => mailboxFor(email),
      (all) => all.length === 2,
      { timeoutMs: 20_000 },
    );
    expect(mails[0].subject).toContain(`Terminbestätigung ${held.body.reference}`);
    expect(mails[0].text).toContain(link);
  }, 60_000);

  it("erases the citizen's data after the retention period, in appointments and in messaging's mail copies", async () => {
    const http = request(app.getHttpServer());
    const [office] = (await http.get('/api/v1/tenants/demo/offices').expect(200)).body;
    const [service] = (await http.get('/api/v1/tenants/demo/services').expect(200)).body;
    const slots = (await http.get('/api/v1/tenants/demo/slots').query({ officeId: office.id, serviceId: service.id }).expect(200)).body;
    const email = `e2e-erase-${Date.now()}@example.org`;
    const booked = await http
      .post('/api/v1/tenants/demo/bookings')
      .send({
        officeId: office.id,
        serviceId: service.id,
        start: slots[slots.length - 1].start,
        citizen: { name: 'Erika Vergessen', email },
      })
      .expect(201);
    await waitFor(
      'the confirmation mail',
      () => mailboxFor(email),
      (all) => all.length === 1,
      { timeoutMs: 20_000 },
    );

    // The appointment lies beyond the retention period: move it there, then run the erasure as its schedule would.
    const appointments = app.get<DataSource>(dataSourceToken('appointments'));
    await appointments.query(
      `UPDATE appointments.booking SET start_at = start_at - interval '90 days', end_at = end_at - interval '90 days' WHERE reference = $1`,
      [booked.body.reference],
    );
    expect((await app.get(EraseCitizenData).eraseDue()).bookings).toBeGreaterThanOrEqual(1);
    const [row] = await appointments.query('SELECT id, citizen_name, citizen_email FROM appointments.booking WHERE reference = $1', [
      booked.body.reference,
    ]);
    expect(row.citizen_name).toBe('');
    expect(row.citizen_email).not.toContain('@');

    // The event reaches messaging, which erases its copies of the mails.
    const messaging = app.get<DataSource>(dataSourceToken('messaging'));
    const copies = await waitFor(
      "messaging's erased copies",
      () =>
        messaging.query<Array<{ recipient: string; text: string }>>(
          'SELECT recipient, text FROM messaging.outbound_mail WHERE booking_id = $1',
          [row.id],
        ),
      (rows) => rows.length > 0 && rows.every((r) => r.recipient.startsWith('erased:')),
      { timeoutMs: 20_000 },
    );
    expect(copies.every((r) => r.text === '')).toBe(true);
    expect(await mailboxFor(email)).toEqual([]);
    // Idempotent: nothing more is erased or announced.
    expect((await app.get(EraseCitizenData).eraseDue()).bookings).toBe(0);
  }, 60_000);
});
