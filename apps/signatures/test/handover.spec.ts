import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HandoverRequestedV1 } from '@amtsweg/contracts';
import { EVENT_BUS, toBusRecord, type BusRecord, type CloudEvent, type EventBus } from '@amtsweg/eventing';
import { newId } from '@amtsweg/platform';
import { binary } from './http-binary';
import { pdfsigAvailable } from './pdfsig';
import { enrolSigners } from './enrolled-signer';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';

const run = promisify(execFile);
const EMPLOYEE = 'staff@demo.example';
const IT_ADMIN = 'it-admin@demo.example';

function handoverRequested(t: SignaturesTestApp, overrides: Partial<HandoverRequestedV1> = {}): HandoverRequestedV1 {
  return Object.assign(new HandoverRequestedV1(), {
    handoverId: newId(),
    // By user id only, as devices publishes it: signatures finds the name and address in its directory.
    employee: { userId: t.userId(EMPLOYEE) },
    requestedBy: t.userId(IT_ADMIN),
    devices: [
      { deviceId: newId(), type: 'laptop', model: 'Lenovo ThinkPad T14 Gen 5', serial: 'PF4XK29A', assetTag: 'INV-2026-0042' },
      { deviceId: newId(), type: 'smartphone', model: 'Samsung Galaxy A55', serial: 'R58W31ZQ' },
    ],
    kitLabel: 'Arbeitsplatz Standard',
    ...overrides,
  });
}

/** As devices will publish it: a CloudEvent on `devices.handover`, keyed by the handover. */
function envelope(data: HandoverRequestedV1, id = newId()): CloudEvent<HandoverRequestedV1> {
  return {
    id,
    source: '/amtsweg/devices',
    type: HandoverRequestedV1.type,
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: data.handoverId,
    datacontenttype: 'application/json',
    tenantid: 'demo',
    correlationid: newId(),
    data,
  };
}

async function requestOf(t: SignaturesTestApp, handoverId: string, timeoutMs = 10_000): Promise<{ id: string } | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await t.dataSource.query(`SELECT id FROM signatures.signature_request WHERE handover_id = $1`, [handoverId]);
    if (row || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Contract test with devices, before devices exists: a HandoverRequestedV1 as the contract
 * defines it goes through the bus and the consumer's inbox, and the usual request events come
 * back carrying the handover id.
 */
describe('device handover: consuming devices.handover.requested.v1', () => {
  let t: SignaturesTestApp;
  let bus: EventBus;
  let employee: string;
  let signBody: (email: string) => Promise<{ otp: string }>;

  beforeAll(async () => {
    t = await startSignaturesApp();
    bus = t.app.get<EventBus>(EVENT_BUS);
    employee = `Bearer ${await t.token(EMPLOYEE)}`;
    signBody = await enrolSigners(t, [EMPLOYEE]);
  }, 60_000);
  afterAll(() => t?.close());

  it('creates a one-step request for the employee with a generated protocol; signing completes it with the handover id', async () => {
    const event = handoverRequested(t);
    await bus.publish([toBusRecord(HandoverRequestedV1.topic, envelope(event))]);
    const row = await requestOf(t, event.handoverId);
    expect(row).toBeDefined();
    const id = row!.id;

    const inbox = await t
      .http()
      .get('/api/v1/tenants/demo/signature-requests?as=signer&status=pending')
      .set('Authorization', employee)
      .expect(200);
    const request = inbox.body.items.find((item: { id: string }) => item.id === id);
    expect(request).toMatchObject({
      title: 'Übergabeprotokoll Arbeitsplatz Standard',
      handoverId: event.handoverId,
      requester: { userId: t.userId(IT_ADMIN), email: IT_ADMIN },
      steps: [{ step: 1, state: 'active', signers: [{ userId: t.userId(EMPLOYEE), name: 'Sam Sachbearbeitung', email: EMPLOYEE }] }],
      actions: { sign: true },
    });

    const document = await t
      .http()
      .get(`/api/v1/tenants/demo/signature-requests/${id}/document`)
      .set('Authorization', employee)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((document.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    if (pdfsigAvailable()) {
      const file = join(mkdtempSync(join(tmpdir(), 'amtsweg-handover-')), 'protocol.pdf');
      writeFileSync(file, document.body);
      const text = (await run('pdftotext', [file, '-'])).stdout.replace(/\s+/g, ' ');
      for (const expected of [
        'Übergabeprotokoll',
        'Sam Sachbearbeitung',
        'Notebook',
        'Lenovo ThinkPad T14 Gen 5',
        'PF4XK29A',
        'INV-2026-0042',
        'Smartphone',
        'R58W31ZQ',
        event.handoverId,
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).toContain('Hiermit bestätige ich, Sam Sachbearbeitung, die oben aufgeführten Geräte am');
      expect(text).toContain('vollständig und in ordnungsgemäßem Zustand erhalten zu haben');
    }

    await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
      .set('Authorization', employee)
      .send(await signBody(EMPLOYEE))
      .expect(200);
    const events = await outboxEvents(t.dataSource, id);
    expect(events.map((e) => e.type.split('.').at(-2))).toEqual(['created', 'step-started', 'signed', 'completed']);
    for (const published of events) expect(published.data.handoverId).toBe(event.handoverId);
    expect(events[3].data).toMatchObject({ requestId: id, requesterId: t.userId(IT_ADMIN), signerIds: [t.userId(EMPLOYEE)] });
    expect(events[3].data).not.toHaveProperty('requesterEmail');
    const [created] = await t.dataSource.query(`SELECT details FROM signatures.audit_entry WHERE request_id = $1 AND seq = 1`, [id]);
    expect(created.details).toMatchObject({ via: 'devices.handover', handoverId: event.handoverId });
  }, 30_000);

  it('answers a rejection by the employee with the rejected event carrying the handover id and the reason', async () => {
    const event = handoverRequested(t, { kitLabel: 'Homeoffice' });
    await bus.publish([toBusRecord(HandoverRequestedV1.topic, envelope(event))]);
    const id = (await requestOf(t, event.handoverId))!.id;
    await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${id}/reject`)
      .set('Authorization', employee)
      .send({ reason: 'Das Smartphone fehlt.' })
      .expect(200);
    const [last] = (await outboxEvents(t.dataSource, id)).slice(-1);
    expect(last).toMatchObject({
      type: 'de.amtsweg.signatures.request.rejected.v1',
      data: { handoverId: event.handoverId, reason: 'Das Smartphone fehlt.', rejectedBy: t.userId(EMPLOYEE) },
    });
  }, 30_000);

  it('creates one request per handover: a redelivered event and a second event for the same handover change nothing', async () => {
    const event = handoverRequested(t, { kitLabel: 'Doppelt' });
    const first = envelope(event);
    await bus.publish([
      toBusRecord(HandoverRequestedV1.topic, first),
      toBusRecord(HandoverRequestedV1.topic, first),
      toBusRecord(HandoverRequestedV1.topic, envelope(event)),
    ]);
    await requestOf(t, event.handoverId);
    // A marker published after them: once it is handled, so are the three before it (one consumer group, in order).
    const marker = handoverRequested(t, { kitLabel: 'Marker' });
    await bus.publish([toBusRecord(HandoverRequestedV1.topic, envelope(marker))]);
    await requestOf(t, marker.handoverId);
    const rows = await t.dataSource.query(`SELECT id FROM signatures.signature_request WHERE handover_id = $1`, [event.handoverId]);
    expect(rows).toHaveLength(1);
  }, 30_000);

  it('reads a record from before the upgrade (address and name in clear), and names the employee as the directory knows them', async () => {
    const event = handoverRequested(t, {
      kitLabel: 'Altbestand',
      employee: { userId: t.userId(EMPLOYEE), email: 'sam-old@demo.example', name: 'Sam Alt' },
    });
    await bus.publish([toBusRecord(HandoverRequestedV1.topic, envelope(event))]);
    const id = (await requestOf(t, event.handoverId))!.id;
    const { body } = await t.http().get(`/api/v1/tenants/demo/signature-requests/${id}`).set('Authorization', employee).expect(200);
    expect(body.steps[0].signers).toEqual([
      expect.objectContaining({ userId: t.userId(EMPLOYEE), name: 'Sam Sachbearbeitung', email: EMPLOYEE }),
    ]);
  }, 30_000);

  it('refuses a handover for an employee the directory does not know: no request, the event dead-lettered at once, later events flow', async () => {
    const letters: BusRecord[] = [];
    await bus.subscribe('handover-dlq-reader', [`${HandoverRequestedV1.topic}.dlq`], async (record) => void letters.push(record));
    const stranger = handoverRequested(t, { kitLabel: 'Unbekannt', employee: { userId: '0190ffff-0000-7000-8000-00000000dead' } });
    await bus.publish([toBusRecord(HandoverRequestedV1.topic, envelope(stranger))]);
    const letter = await waitForLetter(letters, stranger.handoverId);
    expect(letter.headers).toMatchObject({ 'x-dlq-attempts': '1' });
    expect(letter.headers['x-dlq-error']).toContain('0190ffff-0000-7000-8000-00000000dead');
    const next = handoverRequested(t, { kitLabel: 'Danach' });
    await bus.publish([toBusRecord(HandoverRequestedV1.topic, envelope(next))]);
    expect(await requestOf(t, next.handoverId)).toBeDefined();
    expect(await t.dataSource.query(`SELECT id FROM signatures.signature_request WHERE handover_id = $1`, [stranger.handoverId])).toEqual(
      [],
    );
  }, 30_000);
});

async function waitForLetter(letters: BusRecord[], key: string, timeoutMs = 10_000): Promise<BusRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const letter = letters.find((record) => record.key === key);
    if (letter) return letter;
    if (Date.now() > deadline) throw new Error(`no dead letter for ${key}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
