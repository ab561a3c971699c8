import { type BusRecord } from '@amtsweg/eventing';
import { newId } from '@amtsweg/platform';
import { DeviceStory } from '../../../test/device-events.fixture';
import { startMessagingApp, type MessagingTestApp } from '../../../test/messaging-app';
import { demoUserId } from '@amtsweg/platform/testing';
import { waitFor } from '../../../test/wait-for';

interface NotificationItem {
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

const USERS = ['staff@demo.example', 'clerk@demo.example', 'it-admin@demo.example', 'admin@demo.example', 'it-admin@muster.example'];

describe('device notifications through the event consumer (embedded bus, embedded database)', () => {
  let t: MessagingTestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startMessagingApp({ consume: true });
    for (const email of USERS) tokens[email] = await t.token(email);
  }, 60_000);
  afterAll(() => t?.close());
  beforeEach(() =>
    t.dataSource.query(
      'TRUNCATE messaging.notification, messaging.notification_setting, messaging.outbound_mail, messaging.conversation CASCADE',
    ),
  );

  const inbox = async (email: string): Promise<NotificationItem[]> =>
    (
      await t
        .http()
        .get(`/api/v1/tenants/${email.split('@')[1].split('.')[0]}/notifications`)
        .set('authorization', `Bearer ${tokens[email]}`)
        .expect(200)
    ).body.items;
  /** `email` opts in to mails besides the inbox. */
  const mailMe = (email: string) =>
    t
      .http()
      .put('/api/v1/tenants/demo/notification-settings')
      .set('authorization', `Bearer ${tokens[email]}`)
      .send({ email: true })
      .expect(200);
  /** Publishes one event and waits until `email` has a notification of `kind`. */
  const deliver = async (record: BusRecord, email: string, kind: string): Promise<NotificationItem> => {
    await t.bus.publish([record]);
    return waitFor(async () => (await inbox(email)).find((n) => n.kind === kind), 10_000, `${kind} for ${email}`);
  };
  /** Everyone but `except` has no notification of this kind (the event was handled: someone got it). */
  const nobodyElseHas = async (kind: string, ...except: string[]): Promise<void> => {
    for (const email of USERS.filter((u) => !except.includes(u))) {
      expect({ email, kinds: (await inbox(email)).filter((n) => n.kind === kind) }).toEqual({ email, kinds: [] });
    }
  };

  it('tells the it-admins of the tenant about a new request and opens its case thread; not the requester, not another tenant', async () => {
    const story = new DeviceStory();
    const notification = await deliver(story.submitted(), 'it-admin@demo.example', 'device.request-submitted');
    expect(notification).toMatchObject({
      title: 'Neue Geräteanfrage: 2 × Laptop, 1 × Smartphone',
      body: 'Eine Geräteanfrage über 2 × Laptop, 1 × Smartphone wartet auf Ihre Entscheidung. Benötigt bis 15. Dezember 2026.',
      link: `/geraete/anfragen/${story.requestId}`,
    });
    await nobodyElseHas('device.request-submitted', 'it-admin@demo.example');

    const threads: Array<{ kind: string; name: string; case: unknown; memberIds: string[] }> = (
      await t.http().get('/api/v1/tenants/demo/conversations').set('authorization', `Bearer ${tokens['staff@demo.example']}`).expect(200)
    ).body.items;
    expect(threads).toEqual([
      expect.objectContaining({
        kind: 'case',
        name: 'Geräteanfrage: 2 × Laptop, 1 × Smartphone',
        case: { kind: 'device-request', id: story.requestId },
      }),
    ]);
    expect([...threads[0].memberIds].sort()).toEqual([demoUserId('staff@demo.example'), demoUserId('it-admin@demo.example')].sort());
  });

  it('tells the requester about approval and rejection (with the reason), not the it-admin who decided', async () => {
    const story = new DeviceStory();
    const approved = await deliver(story.approved('it-admin@demo.example'), 'staff@demo.example', 'device.request-approved');
    expect(approved.title).toBe('Geräteanfrage genehmigt: 2 × Laptop, 1 × Smartphone');
    const rejected = await deliver(
      story.rejected('it-admin@demo.example', 'Budget erschöpft'),
      'staff@demo.example',
      'device.request-rejected',
    );
    expect(rejected.body).toBe('Ihre Geräteanfrage über 2 × Laptop, 1 × Smartphone wurde abgelehnt. Begründung: Budget erschöpft');
    await nobodyElseHas('device.request-approved', 'staff@demo.example');
    await nobodyElseHas('device.request-rejected', 'staff@demo.example');
  });

  it("follows the device's life: the holder hears of handover request and return, the it-admins of what others did", async () => {
    const story = new DeviceStory();
    const automation = newId(); // e.g. the provisioning system: nobody of the directory
    const provisioned = await deliver(story.provisioned(automation), 'it-admin@demo.example', 'device.provisioned');
    expect(provisioned).toMatchObject({ title: 'Gerät eingerichtet: ThinkPad T14 (PF-4711)', link: `/geraete/${story.deviceId}` });
    expect(provisioned.body).toContain('Laptop ThinkPad T14 (Seriennummer PF-4711) ist eingerichtet');

    const ready = await deliver(story.handoverRequested('it-admin@demo.example'), 'staff@demo.example', 'device.handover-requested');
    expect(ready).toMatchObject({ title: 'Geräte zur Übergabe bereit: Homeoffice-Set', link: `/geraete/uebergaben/${story.handoverId}` });
    expect(ready.body).toContain('Bitte unterschreiben Sie das Übergabeprotokoll bis 18. Dezember 2026, 17:00 Uhr.');

    // The holder signed themselves: only the it-admins hear of it.
    const handedOver = await deliver(story.handedOver(), 'it-admin@demo.example', 'device.handed-over');
    expect(handedOver.title).toBe('Gerät übergeben: ThinkPad T14 (PF-4711)');

    const back = await deliver(story.returned('it-admin@demo.example'), 'staff@demo.example', 'device.returned');
    expect(back.title).toBe('Rückgabe bestätigt: ThinkPad T14 (PF-4711)');

    const gone = await deliver(story.retired(automation, 'Akku defekt'), 'it-admin@demo.example', 'device.retired');
    expect(gone.body).toBe('Laptop ThinkPad T14 (Seriennummer PF-4711) wurde ausgemustert. Grund: Akku defekt');

    await nobodyElseHas('device.provisioned', 'it-admin@demo.example');
    await nobodyElseHas('device.handover-requested', 'staff@demo.example');
    await nobodyElseHas('device.handed-over', 'it-admin@demo.example');
    await nobodyElseHas('device.returned', 'staff@demo.example');
    await nobodyElseHas('device.retired', 'it-admin@demo.example');
  });

  it('notifies once for an event delivered twice, and mails a requester who opted in', async () => {
    await mailMe('staff@demo.example');
    const story = new DeviceStory();
    const record = story.approved('it-admin@demo.example');
    await t.bus.publish([record]);
    await deliver(record, 'staff@demo.example', 'device.request-approved');
    await deliver(story.rejected('it-admin@demo.example', 'Marker'), 'staff@demo.example', 'device.request-rejected');
    expect((await inbox('staff@demo.example')).filter((n) => n.kind === 'device.request-approved')).toHaveLength(1);

    const mails: Array<{ subject: string; text: string }> = await waitFor(
      async () => {
        const found = (await t.http().get('/api/v1/dev/mailbox').query({ to: 'staff@demo.example' }).expect(200)).body;
        return found.length === 2 ? found : undefined;
      },
      10_000,
      'two notification mails',
    );
    expect(mails.map((m) => m.subject)).toEqual([
      'Geräteanfrage abgelehnt: 2 × Laptop, 1 × Smartphone',
      'Geräteanfrage genehmigt: 2 × Laptop, 1 × Smartphone',
    ]);
    expect(mails[1].text).toContain(`/geraete/anfragen/${story.requestId}`);
  });

  it('mails the employee asked to sign a handover at the address the directory knows: the event names them by id only', async () => {
    await mailMe('staff@demo.example');
    const story = new DeviceStory();
    await deliver(story.handoverRequested('it-admin@demo.example'), 'staff@demo.example', 'device.handover-requested');
    await deliver(story.approved('it-admin@demo.example'), 'staff@demo.example', 'device.request-approved');
    const mails: Array<{ subject: string }> = await waitFor(
      async () => {
        const found = (await t.http().get('/api/v1/dev/mailbox').query({ to: 'staff@demo.example' }).expect(200)).body;
        return found.length === 2 ? found : undefined;
      },
      10_000,
      'two notification mails',
    );
    expect(mails.map((m) => m.subject).sort()).toEqual([
      'Geräte zur Übergabe bereit: Homeoffice-Set',
      'Geräteanfrage genehmigt: 2 × Laptop, 1 × Smartphone',
    ]);
  });

  it('reads records from before the upgrade (address and name in clear): the directory’s address wins', async () => {
    await mailMe('staff@demo.example');
    const story = new DeviceStory('staff@demo.example', 'demo', {
      userId: demoUserId('staff@demo.example'),
      email: 'staff-old@demo.example',
      name: 'Sam Sachbearbeitung',
    });
    await deliver(story.handoverRequested('it-admin@demo.example'), 'staff@demo.example', 'device.handover-requested');
    const mails: Array<{ subject: string }> = await waitFor(
      async () => {
        const found = (await t.http().get('/api/v1/dev/mailbox').query({ to: 'staff@demo.example' }).expect(200)).body;
        return found.length === 1 ? found : undefined;
      },
      10_000,
      'the handover mail',
    );
    expect(mails[0].subject).toBe('Geräte zur Übergabe bereit: Homeoffice-Set');
    expect((await t.http().get('/api/v1/dev/mailbox').query({ to: 'staff-old@demo.example' }).expect(200)).body).toEqual([]);
  });
});
