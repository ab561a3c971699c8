import type { INestApplication } from '@nestjs/common';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import request from 'supertest';
import { waitFor } from '@amtsweg/eventing/testing';
import { solveChallenge, type Challenge } from '../../apps/appointments/src/bot-resistance/proof-of-work';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { EnrolledSigner } from '../../apps/signatures/test/enrolled-signer';
import { e2eModes, startProcessForTest, type ComposedProcess } from '../support/composed-process';

interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
}

const TENANT = 'beispielstadt';
const BASE = `/api/v1/tenants/${TENANT}`;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** How long a projection (another service's copy of the registry or the directory) may take to follow. */
const PROJECTION_MS = 30_000;

/** Status and body only, so that a timed-out wait shows what was last answered. */
const answered = (answer: request.Response) => ({
  status: answer.status,
  body: answer.body as Record<string, unknown> & { code?: string },
});

async function smallPdf(title: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage().drawText(title, { x: 50, y: 700, font, size: 14 });
  return Buffer.from(await document.save());
}

/**
 * Issue #16, "Done when", through the API only: from nothing to a municipality taking bookings
 * whose clerk — provisioned by SCIM — signs and writes, until the SCIM client deactivates them.
 * Every step that depends on another service's copy (the tenant registry, the people directory)
 * waits for that copy to answer, never for a fixed time.
 */
describe.each(e2eModes())('onboarding a municipality, end to end — %s', (_mode, infra) => {
  let composed: ComposedProcess | undefined;
  let app: INestApplication;

  beforeAll(async () => {
    composed = await startProcessForTest(gatewayProcess({}), infra);
    ({ app } = composed);
  }, 120_000);
  afterAll(() => composed?.close(), 60_000);

  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const devToken = async (email: string, tenant?: string): Promise<string> =>
    (await http().post('/api/v1/dev/token').send({ email, tenant }).expect(200)).body.access_token as string;
  const mailboxFor = async (email: string): Promise<MailboxEntry[]> =>
    (await http().get('/api/v1/dev/mailbox').query({ to: email }).expect(200)).body;

  it('provider creates beispielstadt and its tenant-admin → office, service, booking with mail → SCIM clerk signs and writes → deactivated', async () => {
    const stamp = Date.now().toString(36);
    const provider = bearer(await devToken('betrieb@amtsweg.example'));

    // 1. The provider-admin creates the municipality …
    const created = await http()
      .post('/api/v1/tenants')
      .set(provider)
      .send({ slug: TENANT, name: 'Stadt Beispielstadt', federalState: 'NW' })
      .expect(201);
    expect(created.body).toEqual({
      slug: TENANT,
      name: 'Stadt Beispielstadt',
      federalState: 'NW',
      timeZone: 'Europe/Berlin',
      suspended: false,
    });

    // … and names its first tenant-admin (in the directory, messaging: once it knows the tenant).
    const adminEmail = `admin-${stamp}@beispielstadt.example`;
    const tenantAdmin = await waitFor(
      'messaging to know beispielstadt and take its first tenant-admin',
      () =>
        http()
          .post(`${BASE}/people`)
          .set(provider)
          .send({ name: 'Tanja Verwaltung', email: adminEmail, roles: ['tenant-admin'] })
          .then(answered),
      (answer) => answer.status !== 404,
      { timeoutMs: PROJECTION_MS, intervalMs: 100 },
    );
    expect([tenantAdmin.status, tenantAdmin.body.roles]).toEqual([201, ['tenant-admin']]);
    // The invitation mail with the sign-in link.
    await waitFor(
      'the invitation mail',
      () => mailboxFor(adminEmail),
      (mails) => mails.length === 1,
      { timeoutMs: 20_000 },
    );
    const admin = bearer(await devToken(adminEmail, TENANT));

    // 2. The tenant-admin opens an office Mon–Fri 08:00–16:00 with 2 counters and a 15-minute service there.
    const office = await http()
      .post(`${BASE}/offices`)
      .set(admin)
      .send({
        name: 'Bürgerbüro Beispielstadt',
        address: { street: 'Rathausplatz 1', postalCode: '40210', city: 'Beispielstadt' },
        slotGridMinutes: 15,
        counters: 2,
        openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' })),
      })
      .expect(201);
    const service = await http()
      .post(`${BASE}/services`)
      .set(admin)
      .send({ name: 'Meldebescheinigung', durationMinutes: 15, officeIds: [office.body.id] })
      .expect(201);

    // 3. A citizen books there and gets the confirmation mail.
    const query = { officeId: office.body.id, serviceId: service.body.id };
    const slots = (await http().get(`${BASE}/slots`).query(query).expect(200)).body as Array<{ start: string }>;
    expect(slots.length).toBeGreaterThan(0);
    const [slot] = slots;
    const weekday = new Date(slot.start).getUTCDay();
    expect(weekday).toBeGreaterThanOrEqual(1);
    expect(weekday).toBeLessThanOrEqual(5);
    const citizenEmail = `buerger-${stamp}@example.org`;
    // As the booking page does: a new municipality has the proof-of-work challenge on by default.
    const challenge = (await http().get(`${BASE}/challenge`).expect(200)).body as Challenge;
    const altcha = Buffer.from(JSON.stringify(solveChallenge(challenge))).toString('base64');
    const booked = await http()
      .post(`${BASE}/bookings`)
      .set('x-altcha', altcha)
      .send({ ...query, start: slot.start, citizen: { name: 'Erika Mustermann', email: citizenEmail } })
      .expect(201);
    const [confirmation] = await waitFor(
      'the confirmation mail',
      () => mailboxFor(citizenEmail),
      (mails) => mails.length === 1,
      {
        timeoutMs: 20_000,
      },
    );
    expect(confirmation.text).toContain(booked.body.reference);

    // A colleague, added by hand, who will ask for signatures.
    const staffEmail = `sabine-${stamp}@beispielstadt.example`;
    await http()
      .post(`${BASE}/people`)
      .set(admin)
      .send({ name: 'Sabine Sachbearbeitung', email: staffEmail, roles: ['staff'] })
      .expect(201);
    const staff = bearer(await devToken(staffEmail, TENANT));

    // 4. The tenant-admin creates a SCIM token; the SCIM client creates a clerk.
    const scimToken = (await http().post(`${BASE}/scim-tokens`).set(admin).expect(201)).body.token as string;
    const scim = (method: 'post' | 'patch', path: string, body: object) =>
      http()
        [method](`${BASE}/scim/v2${path}`)
        .set('authorization', `Bearer ${scimToken}`)
        .set('content-type', 'application/scim+json')
        .send(JSON.stringify(body));
    const clerkEmail = `clara-${stamp}@beispielstadt.example`;
    const clerkUser = await scim('post', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      externalId: `entra-${stamp}`,
      userName: clerkEmail,
      active: true,
      emails: [{ primary: true, type: 'work', value: clerkEmail }],
      name: { givenName: 'Clara', familyName: 'Bürgerbüro' },
      roles: [{ value: 'clerk' }],
    }).expect(201);
    const clerkId = clerkUser.body.id as string;
    const clerk = bearer(await devToken(clerkEmail, TENANT));

    // 5. The clerk signs a document: a second factor first, then the request naming them, then the signature.
    const signer = await EnrolledSigner.enrol((path, body) => http().post(path).set(clerk).send(body), TENANT);
    const title = `Dienstanweisung ${stamp}`;
    const pdf = await smallPdf(title);
    const requestNaming = (signerRef: string) =>
      http()
        .post(`${BASE}/signature-requests`)
        .set(staff)
        .field('title', title)
        .field('steps', JSON.stringify([[signerRef]]))
        .field('dueAt', new Date(Date.now() + 7 * 86_400_000).toISOString())
        .attach('file', pdf, { filename: 'dienstanweisung.pdf', contentType: 'application/pdf' });
    // signatures learns the clerk from person.upserted: until then they are an unknown signer.
    const signatureRequest = await waitFor(
      'signatures to know the clerk',
      () => requestNaming(clerkEmail).then(answered),
      (answer) => answer.status !== 422,
      { timeoutMs: PROJECTION_MS, intervalMs: 200 },
    );
    expect(signatureRequest.status).toBe(201);
    const requestId = signatureRequest.body.id as string;
    await http()
      .post(`${BASE}/signature-requests/${requestId}/sign`)
      .set(clerk)
      .send({ otp: await signer.nextCode() })
      .expect(200);
    const signed = await http().get(`${BASE}/signature-requests/${requestId}`).set(staff).expect(200);
    expect(signed.body.status).toBe('completed');

    // … and writes a message to the colleague.
    const staffId = (await http().get(`${BASE}/people`).set(clerk).expect(200)).body.find(
      (person: { name: string }) => person.name === 'Sabine Sachbearbeitung',
    ).id as string;
    const conversation = await http().post(`${BASE}/conversations`).set(clerk).send({ kind: 'direct', memberId: staffId }).expect(201);
    await http()
      .post(`${BASE}/conversations/${conversation.body.id}/messages`)
      .set(clerk)
      .send({ body: 'Die Dienstanweisung ist unterschrieben.' })
      .expect(201);
    const received = await http().get(`${BASE}/conversations/${conversation.body.id}/messages`).set(staff).expect(200);
    expect(JSON.stringify(received.body)).toContain('Die Dienstanweisung ist unterschrieben.');

    // 6. The SCIM client deactivates the clerk (as Entra sends it): their token stops working at once …
    const deactivated = await scim('patch', `/Users/${clerkId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    }).expect(200);
    expect(deactivated.body.active).toBe(false);
    const atSignatures = await http().get(`${BASE}/signature-requests`).set(clerk).expect(401);
    expect(atSignatures.body.code).toBe('AUTH.PERSON_DEACTIVATED');
    const atMessaging = await http().get(`${BASE}/conversations`).set(clerk).expect(401);
    expect(atMessaging.body.code).toBe('AUTH.PERSON_DEACTIVATED');
    // … no new one is issued …
    expect((await http().post('/api/v1/dev/token').send({ email: clerkEmail, tenant: TENANT }).expect(404)).body.code).toBe(
      'DEV.UNKNOWN_USER',
    );
    // … and, once signatures has heard of it, they can no longer be named as a signer.
    const refused = await waitFor(
      'signatures to know the clerk as deactivated',
      () => requestNaming(clerkEmail).then(answered),
      (answer) => answer.status !== 201,
      { timeoutMs: PROJECTION_MS, intervalMs: 200 },
    );
    expect([refused.status, refused.body.code]).toEqual([422, 'SIGNATURE.UNKNOWN_SIGNER']);
    // What they wrote stays, under their name.
    const after = await http().get(`${BASE}/conversations/${conversation.body.id}/messages`).set(staff).expect(200);
    expect(JSON.stringify(after.body)).toContain('Die Dienstanweisung ist unterschrieben.');
  }, 180_000);
});
