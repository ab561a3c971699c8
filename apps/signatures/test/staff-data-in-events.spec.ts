import { HandoverRequestedV1 } from '@amtsweg/contracts';
import { EVENT_BUS, toBusRecord, type EventBus } from '@amtsweg/eventing';
import { DEMO_USERS, newId } from '@amtsweg/platform';
import { enrolSigners } from './enrolled-signer';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const IT_ADMIN = 'it-admin@demo.example';
const ADMIN = 'admin@demo.example';

/**
 * What signatures leaves on Kafka: the outbox envelope is the record value the relay publishes.
 * Kafka keeps it for the topic's retention, beyond the reach of erasure — so staff appear in it by
 * user id only: every consumer finds the address and the name in its own directory (issue 14, item 5).
 */
describe('signatures events on the topic carry staff by user id only', () => {
  let t: SignaturesTestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startSignaturesApp();
    for (const email of [STAFF, CLERK, ADMIN]) tokens[email] = await t.token(email);
    await enrolSigners(t, [CLERK]);
  }, 60_000);
  afterAll(() => t?.close());

  const as = (email: string) => ({ Authorization: `Bearer ${tokens[email]}` });

  async function createRequest(title: string): Promise<string> {
    const created = await t
      .http()
      .post('/api/v1/tenants/demo/signature-requests')
      .set(as(STAFF))
      .field('title', title)
      .field('steps', JSON.stringify([[CLERK], [IT_ADMIN]]))
      .field('dueAt', new Date(Date.now() + 7 * 86_400_000).toISOString())
      .attach('file', await samplePdf(1, title), { filename: 'doc.pdf', contentType: 'application/pdf' })
      .expect(201);
    return created.body.id as string;
  }

  it('through creation, withdrawal, rejection, a handover and a second-factor reset', async () => {
    const withdrawn = await createRequest('Dienstvereinbarung');
    await t.http().post(`/api/v1/tenants/demo/signature-requests/${withdrawn}/withdraw`).set(as(STAFF)).expect(200);
    const rejected = await createRequest('Urlaubsplan');
    await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${rejected}/reject`)
      .set(as(CLERK))
      .send({ reason: 'Falscher Zeitraum' })
      .expect(200);

    const handoverId = newId();
    const handover = Object.assign(new HandoverRequestedV1(), {
      handoverId,
      // As a record from before the upgrade: the employee's address and name on it still.
      employee: { userId: t.userId(STAFF), email: STAFF, name: 'Sam Sachbearbeitung' },
      requestedBy: t.userId(IT_ADMIN),
      devices: [{ deviceId: newId(), type: 'laptop', model: 'Lenovo ThinkPad T14', serial: 'PF4XK29A' }],
      kitLabel: 'Arbeitsplatz Standard',
    });
    await t.app.get<EventBus>(EVENT_BUS).publish([
      toBusRecord(HandoverRequestedV1.topic, {
        id: newId(),
        source: '/amtsweg/devices',
        type: HandoverRequestedV1.type,
        specversion: '1.0',
        time: new Date().toISOString(),
        subject: handoverId,
        datacontenttype: 'application/json',
        tenantid: 'demo',
        correlationid: newId(),
        data: handover,
      }),
    ]);
    await t
      .http()
      .delete(`/api/v1/tenants/demo/signing-factor/${t.userId(CLERK)}`)
      .set(as(ADMIN))
      .expect(204);

    const events = await eventually(async () => {
      const all = await outboxEvents(t.dataSource);
      return all.some((event) => event.data.handoverId === handoverId) ? all : undefined;
    });
    // change-recorded: the admin audit's record of the second-factor reset, by user ids too.
    const kinds = new Set(events.map((event) => event.type.split('.').slice(-2, -1)[0]));
    expect([...kinds].sort()).toEqual(['change-recorded', 'created', 'rejected', 'reset', 'step-started', 'withdrawn']);
    for (const event of events) {
      const raw = JSON.stringify(event);
      for (const person of DEMO_USERS) {
        expect({ type: event.type, hasEmail: raw.toLowerCase().includes(person.email) }).toEqual({ type: event.type, hasEmail: false });
        expect({ type: event.type, hasName: raw.includes(person.name) }).toEqual({ type: event.type, hasName: false });
      }
    }
    // The ids are still there: a consumer finds the person in its own directory.
    const created = events.find((event) => event.data.requestId === rejected && event.type.endsWith('.created.v1'));
    expect(created?.data).toMatchObject({
      requesterId: t.userId(STAFF),
      steps: [{ step: 1, signers: [{ userId: t.userId(CLERK) }] }, { step: 2 }],
    });
  }, 60_000);
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
