import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import request from 'supertest';
import { waitFor } from '@amtsweg/eventing/testing';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { EnrolledSigner } from '../../apps/signatures/test/enrolled-signer';
import { e2eModes, startProcessForTest, type ComposedProcess } from '../support/composed-process';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}
interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

const REQUESTER = 'admin@demo.example';
const STEP_1 = ['clerk@demo.example'];
const STEP_2 = ['staff@demo.example', 'it-admin@demo.example'];

/**
 * The run's topics, created before the app starts and waited for until the broker serves their
 * metadata: with many topics created at once at start-up, the single-node KRaft broker answered
 * UNKNOWN_TOPIC_OR_PARTITION to kafkajs's waitForLeaders (see the closing note).
 */
async function precreateTopics(brokers: string[], prefix: string): Promise<void> {
  const consumed = ['appointments.booking', 'signatures.request', 'signatures.signing-factor', 'devices.handover'];
  const topics = [
    ...consumed,
    ...consumed.map((t) => `${t}.dlq`),
    'messaging.message',
    'messaging.conversation',
    'messaging.notification',
  ].map((t) => prefix + t);
  const admin = new Kafka({ clientId: 'amtsweg-e2e-setup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })) });
    await waitFor(
      'the topics to be served',
      () =>
        admin.fetchTopicMetadata({ topics }).then(
          () => true,
          () => false,
        ),
      (ok) => ok,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  } finally {
    await admin.disconnect();
  }
}

async function smallPdf(title: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage().drawText(title, { x: 50, y: 700, font, size: 14 });
  return Buffer.from(await document.save());
}

describe.each(e2eModes())('a requester is notified when two steps of three signers have signed — %s', (_mode, infra) => {
  let composed: ComposedProcess | undefined;
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  const signers: Record<string, EnrolledSigner> = {};

  beforeAll(async () => {
    composed = await startProcessForTest(gatewayProcess({}), infra, precreateTopics);
    ({ app } = composed);
    for (const email of [REQUESTER, ...STEP_1, ...STEP_2]) {
      const answer = await request(app.getHttpServer()).post('/api/v1/dev/token').send({ email }).expect(200);
      tokens[email] = answer.body.access_token;
    }
    // Every signer confirms a second factor first (the tenant's default).
    for (const email of [...STEP_1, ...STEP_2]) {
      signers[email] = await EnrolledSigner.enrol(
        (path, body) => request(app.getHttpServer()).post(path).set('authorization', `Bearer ${tokens[email]}`).send(body),
        'demo',
      );
    }
  }, 120_000);

  afterAll(() => composed?.close(), 60_000);

  const http = () => request(app.getHttpServer());
  const notifications = async (email: string): Promise<NotificationPage> =>
    (await http().get('/api/v1/tenants/demo/notifications').set('authorization', `Bearer ${tokens[email]}`).expect(200)).body;
  const sign = async (email: string, id: string) =>
    http()
      .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
      .set('authorization', `Bearer ${tokens[email]}`)
      .send({ otp: await signers[email].nextCode() })
      .expect(200);

  it('upload → step 1 signer asked → signs → step 2 signers asked → both sign → completed → requester notified', async () => {
    const title = `Dienstvereinbarung Homeoffice ${Date.now()}`;
    const created = await http()
      .post('/api/v1/tenants/demo/signature-requests')
      .set('authorization', `Bearer ${tokens[REQUESTER]}`)
      .field('title', title)
      .field('steps', JSON.stringify([STEP_1, STEP_2]))
      .field('dueAt', new Date(Date.now() + 7 * 86_400_000).toISOString())
      .attach('file', await smallPdf(title), { filename: 'dv.pdf', contentType: 'application/pdf' })
      .expect(201);
    const id: string = created.body.id;
    const link = `/signaturen/${id}`;
    const asked = (page: NotificationPage) => page.items.filter((n) => n.link === link && n.kind === 'signature.sign-requested');

    // Step 1: the clerk is asked (once), step 2's signers not yet.
    const clerk = await waitFor(
      'the clerk to be asked',
      () => notifications(STEP_1[0]),
      (page) => asked(page).length === 1,
      { timeoutMs: 30_000 },
    );
    expect(asked(clerk)[0].title).toBe(`Dokument zur Unterschrift: ${title}`);
    for (const email of STEP_2) expect(asked(await notifications(email))).toEqual([]);
    await sign(STEP_1[0], id);

    // Step 2: both are asked, and both sign.
    for (const email of STEP_2) {
      const page = await waitFor(
        `${email} to be asked`,
        () => notifications(email),
        (p) => asked(p).length === 1,
        { timeoutMs: 30_000 },
      );
      expect(asked(page)[0].title).toBe(`Dokument zur Unterschrift: ${title}`);
      await sign(email, id);
    }
    const done = await http()
      .get(`/api/v1/tenants/demo/signature-requests/${id}`)
      .set('authorization', `Bearer ${tokens[REQUESTER]}`)
      .expect(200);
    expect(done.body.status).toBe('completed');

    const requester = await waitFor(
      'the requester to hear of the completion',
      () => notifications(REQUESTER),
      (page) => page.items.some((n) => n.link === link && n.kind === 'signature.completed'),
      { timeoutMs: 30_000 },
    );
    const completion = requester.items.find((n) => n.link === link && n.kind === 'signature.completed')!;
    expect(completion.title).toBe(`Vollständig unterschrieben: ${title}`);
    expect(requester.unreadCount).toBeGreaterThanOrEqual(1);
    // Each signer was asked exactly once, in the end too.
    for (const email of [...STEP_1, ...STEP_2]) expect(asked(await notifications(email))).toHaveLength(1);

    // The request's case thread: requester and the three signers.
    const threads = (await http().get('/api/v1/tenants/demo/conversations').set('authorization', `Bearer ${tokens[STEP_2[1]]}`).expect(200))
      .body.items;
    const thread = threads.find((c: { case: { id: string } | null }) => c.case?.id === id);
    expect(thread).toMatchObject({ kind: 'case', name: title });
    expect(thread.memberIds).toHaveLength(4);
  }, 120_000);
});
