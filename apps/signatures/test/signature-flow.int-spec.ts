import { createHash } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_BUS, type BusRecord, type BusSubscription, type EventBus } from '@amtsweg/eventing';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase, waitFor } from '@amtsweg/eventing/testing';
import { verifyDocument } from '../src/pades/document-verification';
import { inspectSignatures } from '../src/pades/signature-inspection';
import { binary } from './http-binary';
import { enrolSigners } from './enrolled-signer';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { uploadForSignature } from './signature-requests';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const IT_ADMIN = 'it-admin@demo.example';
const ADMIN = 'admin@demo.example';
const TOPIC = 'signatures.request';
const PREFIX = 'de.amtsweg.signatures.request.';

/**
 * The whole flow on real infrastructure: the service on its own fresh PostgreSQL database
 * and on the Kafka bus (topics under a random prefix, deleted afterwards). Upload → two steps,
 * three signers → completed, and every event — the completed one above all — read back from the
 * Kafka topic by a consumer group of the test's own, not from the outbox table.
 */
describeWithInfrastructure('signature flow on Kafka and PostgreSQL', ({ kafkaBrokers, databaseUrl }) => {
  const database = TestDatabase.named(databaseUrl);
  const topicPrefix = randomTopicPrefix();
  const received: BusRecord[] = [];
  let t: SignaturesTestApp;
  let subscription: BusSubscription | undefined;
  const tokens: Record<string, string> = {};
  let signBody: (email: string) => Promise<{ otp: string }>;

  beforeAll(async () => {
    t = await startSignaturesApp({
      database,
      env: { KAFKA_BROKERS: kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix },
      dataDir: mkdtempSync(join(tmpdir(), 'amtsweg-signatures-kafka-')),
    });
    const bus = t.app.get<EventBus>(EVENT_BUS);
    await bus.ensureTopics([TOPIC]);
    // A group of the test's own (the bus puts the prefix in front): it reads the topic from the start.
    subscription = await bus.subscribe('signature-flow-test', [TOPIC], async (record) => void received.push(record));
    for (const email of [STAFF, CLERK, IT_ADMIN, ADMIN]) tokens[email] = await t.token(email);
    signBody = await enrolSigners(t, [CLERK, IT_ADMIN, ADMIN]);
  }, 90_000);

  afterAll(async () => {
    await subscription?.close();
    await t?.close();
    await database.drop();
    await deleteKafkaPrefix(kafkaBrokers, topicPrefix);
  }, 60_000);

  const as = (email: string) => ({ Authorization: `Bearer ${tokens[email]}` });
  const typesOnKafka = (id: string) =>
    received.filter((record) => record.key === id).map((record) => (record.headers.ce_type ?? '').replace(PREFIX, ''));

  it('runs upload → two steps, three signers → completed, on PostgreSQL, with the completed event on the Kafka topic', async () => {
    // The service really runs on the server's database, not on an embedded one.
    const [{ current_database: databaseName }] = await t.dataSource.query('SELECT current_database()');
    expect(database.url).toContain(`/${databaseName}`);

    const original = await samplePdf(3, 'Dienstvereinbarung Homeoffice');
    const created = await uploadForSignature(t.http, as(STAFF), {
      title: 'Dienstvereinbarung Homeoffice',
      steps: [[CLERK], [t.userId(IT_ADMIN), ADMIN]],
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      pdf: original,
      filename: 'dv.pdf',
    }).expect(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({ status: 'pending', currentStep: 1, signatureCount: 0, originalSha256: sha256(original) });
    await waitFor(
      'created and step-started on Kafka',
      () => typesOnKafka(id),
      (types) => types.length >= 2,
      { timeoutMs: 30_000, intervalMs: 100 },
    );

    await t.http().post(`/api/v1/tenants/demo/signature-requests/${id}/sign`).set(as(IT_ADMIN)).send({}).expect(403);
    await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
      .set(as(CLERK))
      .send(await signBody(CLERK))
      .expect(200);
    // Step 2: both at once — the row lock on PostgreSQL serialises them; both signatures must be in the document.
    const [byIt, byAdmin] = await Promise.all([
      t
        .http()
        .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
        .set(as(IT_ADMIN))
        .send(await signBody(IT_ADMIN)),
      t
        .http()
        .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
        .set(as(ADMIN))
        .send(await signBody(ADMIN)),
    ]);
    expect([byIt.status, byAdmin.status]).toEqual([200, 200]);

    const final = await t.http().get(`/api/v1/tenants/demo/signature-requests/${id}`).set(as(STAFF)).expect(200);
    expect(final.body).toMatchObject({ status: 'completed', signatureCount: 3, originalSha256: sha256(original) });

    const completed = await waitFor(
      'the completed event on Kafka',
      () => received.find((record) => record.key === id && record.headers.ce_type === `${PREFIX}completed.v1`),
      (record) => record !== undefined,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(completed!.topic).toBe(TOPIC);
    expect(completed!.headers).toMatchObject({ ce_subject: id, ce_tenantid: 'demo' });
    expect(JSON.parse(completed!.value)).toMatchObject({
      requestId: id,
      requesterId: t.userId(STAFF),
      originalSha256: final.body.originalSha256,
      documentSha256: final.body.documentSha256,
    });
    // Staff by user id only on the topic: no address of the requester.
    expect(completed!.value).not.toContain(STAFF);
    // Every transition, in order (one key, one partition), exactly what the outbox holds.
    expect(typesOnKafka(id)).toEqual([
      'created.v1',
      'step-started.v1',
      'signed.v1',
      'step-started.v1',
      'signed.v1',
      'signed.v1',
      'completed.v1',
    ]);
    expect(typesOnKafka(id)).toEqual((await outboxEvents(t.dataSource, id)).map((event) => event.type.replace(PREFIX, '')));

    // The document: three intact signatures from the tenant's CA, the last over the whole file, and its hash on record.
    const document = await t
      .http()
      .get(`/api/v1/tenants/demo/signature-requests/${id}/document`)
      .set(as(STAFF))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const pdf = document.body as Buffer;
    expect(sha256(pdf)).toBe(final.body.documentSha256);
    const [{ certificate_pem: caPem }] = await t.dataSource.query(`SELECT certificate_pem FROM signatures.tenant_ca WHERE tenant = 'demo'`);
    const signatures = inspectSignatures(pdf, [new X509Certificate(caPem)]);
    expect(signatures.map((s) => [s.intact, s.chainsToTrustedCa, s.coversWholeDocument])).toEqual([
      [true, true, false],
      [true, true, false],
      [true, true, true],
    ]);
    // Three signers in turn, each in its own update: nothing unsigned in between.
    expect(verifyDocument(pdf, [new X509Certificate(caPem)])).toMatchObject({ intact: true, unsignedChanges: [] });
    expect(signatures[0].signer?.email).toBe(CLERK);
    expect(new Set(signatures.slice(1).map((s) => s.signer?.email))).toEqual(new Set([IT_ADMIN, ADMIN]));
  }, 120_000);
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
