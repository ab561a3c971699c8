import { SigningFactorResetV1 } from '@amtsweg/contracts';
import { toBusRecord } from '@amtsweg/eventing';
import { newId } from '@amtsweg/platform';
import { startMessagingApp, type MessagingTestApp } from '../../../test/messaging-app';
import { signer, signerWithAddress, SignatureRequestStory } from '../../../test/signature-events.fixture';
import { demoUserId } from '@amtsweg/platform/testing';
import { waitFor } from '../../../test/wait-for';

interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
interface NotificationPage {
  items: NotificationItem[];
  nextCursor: string | null;
  unreadCount: number;
}

describe('signature notifications through the event consumer (embedded bus, embedded database)', () => {
  let t: MessagingTestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startMessagingApp({ consume: true });
    for (const email of [
      'staff@demo.example',
      'clerk@demo.example',
      'it-admin@demo.example',
      'admin@demo.example',
      'staff@muster.example',
    ]) {
      tokens[email] = await t.token(email);
    }
  }, 60_000);
  afterAll(() => t?.close());
  beforeEach(() =>
    t.dataSource.query(
      'TRUNCATE messaging.notification, messaging.notification_setting, messaging.outbound_mail, messaging.conversation CASCADE',
    ),
  );

  const inbox = async (email: string, query: Record<string, string> = {}): Promise<NotificationPage> =>
    (await t.http().get('/api/v1/tenants/demo/notifications').query(query).set('authorization', `Bearer ${tokens[email]}`).expect(200))
      .body as NotificationPage;
  const mailbox = async (to: string): Promise<Array<{ subject: string; text: string }>> =>
    (await t.http().get('/api/v1/dev/mailbox').query({ to }).expect(200)).body;
  const mailsTo = (to: string, count: number) =>
    waitFor(
      async () => {
        const mails = await mailbox(to);
        return mails.length === count ? mails : undefined;
      },
      10_000,
      `${count} notification mails to ${to}`,
    );
  const optIn = (email: string) =>
    t
      .http()
      .put('/api/v1/tenants/demo/notification-settings')
      .set('authorization', `Bearer ${tokens[email]}`)
      .send({ email: true })
      .expect(200);
  /** Publishes the records, then a marker on the same key: once the marker is handled, so are they. */
  const deliver = async (story: SignatureRequestStory, ...records: ReturnType<SignatureRequestStory['created']>[]) => {
    await t.bus.publish(records);
    const marker = story.rejected(signer('clerk@demo.example'), 'Marker');
    await t.bus.publish([marker]);
    await waitFor(
      async () =>
        (await inbox('admin@demo.example')).items.some((n) => n.body.includes('Marker') && n.link === `/signaturen/${story.requestId}`),
      10_000,
      'the marker',
    );
  };

  it('asks each signer of the first step once (created and step-started both name it), nobody of the later step', async () => {
    const story = new SignatureRequestStory();
    await deliver(story, story.created(), story.stepStarted(1));

    for (const email of ['staff@demo.example', 'clerk@demo.example']) {
      const page = await inbox(email);
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        kind: 'signature.sign-requested',
        title: 'Dokument zur Unterschrift: Dienstvereinbarung Homeoffice',
        link: `/signaturen/${story.requestId}`,
        readAt: null,
      });
      expect(page.items[0].body).toContain('18. Dezember 2026, 17:00 Uhr');
      expect(page.unreadCount).toBe(1);
    }
    expect((await inbox('it-admin@demo.example')).items).toEqual([]);

    await t.bus.publish([story.stepStarted(2)]);
    await waitFor(async () => (await inbox('it-admin@demo.example')).items.length === 1, 10_000, 'step 2 notification');
  });

  it('tells the requester about completion and rejection (with the reason), and only the requester', async () => {
    const story = new SignatureRequestStory();
    await deliver(story, story.completed(), story.rejected(signer('staff@demo.example'), 'Seite 2 fehlt'));
    const page = await inbox('admin@demo.example');
    expect(page.items.map((n) => n.kind)).toEqual(['signature.rejected', 'signature.rejected', 'signature.completed']);
    expect(page.items[2].title).toBe('Vollständig unterschrieben: Dienstvereinbarung Homeoffice');
    expect(page.items[1].body).toContain('Begründung: Seite 2 fehlt');
    expect((await inbox('staff@demo.example')).items).toEqual([]);
  });

  it('tells the requester when a signer who has not signed yet was deactivated, and nobody else', async () => {
    const story = new SignatureRequestStory();
    await deliver(story, story.signerDeactivated(signer('clerk@demo.example')));
    const [told] = (await inbox('admin@demo.example')).items.filter((n) => n.kind === 'signature.signer-deactivated');
    expect(told).toMatchObject({
      title: 'Unterschrift nicht mehr möglich: Dienstvereinbarung Homeoffice',
      link: `/signaturen/${story.requestId}`,
    });
    expect(told.body).toContain('Ziehen Sie die Anfrage zurück');
    expect((await inbox('clerk@demo.example')).items).toEqual([]);
  });

  it('tells a person whose second factor a tenant-admin reset, with a link to set it up again (mailed at the directory’s address)', async () => {
    await optIn('clerk@demo.example');
    const resetBy = demoUserId('admin@demo.example');
    const data = {
      tenant: 'demo',
      userId: demoUserId('clerk@demo.example'),
      resetBy,
      resetAt: new Date().toISOString(),
    };
    await t.bus.publish([
      toBusRecord(SigningFactorResetV1.topic, {
        id: newId(),
        source: '/amtsweg/signatures',
        type: SigningFactorResetV1.type,
        specversion: '1.0',
        time: data.resetAt,
        subject: data.userId,
        datacontenttype: 'application/json',
        tenantid: 'demo',
        correlationid: newId(),
        data,
      }),
    ]);
    await waitFor(async () => (await inbox('clerk@demo.example')).items.length === 1, 10_000, 'the reset notification');
    expect((await inbox('clerk@demo.example')).items[0]).toMatchObject({
      kind: 'signature.signing-factor-reset',
      title: 'Ihr zweiter Faktor zum Unterschreiben wurde zurückgesetzt',
      link: '/arbeitsplatz/zweiter-faktor',
    });
    expect((await inbox('admin@demo.example')).items).toEqual([]);
    const [mail] = await mailsTo('clerk@demo.example', 1);
    expect(mail.subject).toBe('Ihr zweiter Faktor zum Unterschreiben wurde zurückgesetzt');
  });

  it('mails the requester at the address the directory knows: the event names them by id only', async () => {
    await optIn('admin@demo.example');
    const story = new SignatureRequestStory();
    await deliver(story, story.completed());
    const mails = await mailsTo('admin@demo.example', 2);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      'Unterschrift abgelehnt: Dienstvereinbarung Homeoffice',
      'Vollständig unterschrieben: Dienstvereinbarung Homeoffice',
    ]);
  });

  it('reads a record from before the upgrade (addresses in clear), and mails the directory’s address, not the record’s', async () => {
    await optIn('staff@demo.example');
    const story = new SignatureRequestStory('Altvertrag', signerWithAddress(demoUserId('admin@demo.example'), 'admin-old@demo.example'), [
      [signerWithAddress(demoUserId('staff@demo.example'), 'staff-old@demo.example')],
    ]);
    await deliver(story, story.created());
    const [mail] = await mailsTo('staff@demo.example', 1);
    expect(mail.subject).toBe('Dokument zur Unterschrift: Altvertrag');
    expect(await mailbox('staff-old@demo.example')).toEqual([]);
  });

  it('notifies a person the directory does not know in the app only: no mail, and later events flow', async () => {
    const stranger = '0190ffff-0000-7000-8000-00000000dead';
    await t.dataSource.query(
      `INSERT INTO messaging.notification_setting (tenant, user_id, email, updated_at) VALUES ('demo', $1, true, now())`,
      [stranger],
    );
    const story = new SignatureRequestStory('Fremdvertrag', signer('admin@demo.example'), [[{ userId: stranger }]]);
    await deliver(story, story.created());
    const rows = await t.dataSource.query(`SELECT kind FROM messaging.notification WHERE recipient_id = $1`, [stranger]);
    expect(rows).toEqual([{ kind: 'signature.sign-requested' }]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM messaging.outbound_mail`)).toEqual([{ n: 0 }]);
  });

  it('notifies once when the same event arrives twice', async () => {
    const story = new SignatureRequestStory();
    const completed = story.completed();
    await deliver(story, completed, completed);
    expect((await inbox('admin@demo.example')).items.filter((n) => n.kind === 'signature.completed')).toHaveLength(1);
  });

  it('mails only recipients who opted in, through the outbound mail log', async () => {
    await t
      .http()
      .put('/api/v1/tenants/demo/notification-settings')
      .set('authorization', `Bearer ${tokens['staff@demo.example']}`)
      .send({ email: true })
      .expect(200, { email: true });
    expect(
      (
        await t
          .http()
          .get('/api/v1/tenants/demo/notification-settings')
          .set('authorization', `Bearer ${tokens['clerk@demo.example']}`)
          .expect(200)
      ).body,
    ).toEqual({ email: false });
    const story = new SignatureRequestStory();
    await deliver(story, story.created());

    const [mail] = await waitFor(
      async () => {
        const mails = await mailbox('staff@demo.example');
        return mails.length === 1 ? mails : undefined;
      },
      10_000,
      'the notification mail',
    );
    expect(mail.subject).toBe('Dokument zur Unterschrift: Dienstvereinbarung Homeoffice');
    expect(mail.text).toContain(`http://localhost:3000/signaturen/${story.requestId}`);
    expect(await mailbox('clerk@demo.example')).toEqual([]);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM messaging.outbound_mail`);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('marks one read (own only: 404 for another user or tenant), then all, and filters unread', async () => {
    const story = new SignatureRequestStory();
    await deliver(story, story.created());
    const [first] = (await inbox('admin@demo.example')).items;
    const [staffs] = (await inbox('staff@demo.example')).items;

    await t
      .http()
      .post(`/api/v1/tenants/demo/notifications/${staffs.id}/read`)
      .set('authorization', `Bearer ${tokens['clerk@demo.example']}`)
      .expect(404);
    await t
      .http()
      .post(`/api/v1/tenants/muster/notifications/${staffs.id}/read`)
      .set('authorization', `Bearer ${tokens['staff@muster.example']}`)
      .expect(404);
    await t
      .http()
      .post(`/api/v1/tenants/demo/notifications/${staffs.id}/read`)
      .set('authorization', `Bearer ${tokens['staff@muster.example']}`)
      .expect(404);
    await t
      .http()
      .post(`/api/v1/tenants/demo/notifications/${staffs.id}/read`)
      .set('authorization', `Bearer ${tokens['staff@demo.example']}`)
      .expect(204);
    const staffPage = await inbox('staff@demo.example');
    expect(staffPage.unreadCount).toBe(0);
    expect(staffPage.items[0].readAt).not.toBeNull();
    expect((await inbox('staff@demo.example', { unread: 'true' })).items).toEqual([]);
    expect((await inbox('clerk@demo.example')).unreadCount).toBe(1);

    expect(first.kind).toBe('signature.rejected');
    await t
      .http()
      .post('/api/v1/tenants/demo/notifications/read-all')
      .set('authorization', `Bearer ${tokens['admin@demo.example']}`)
      .expect(204);
    expect((await inbox('admin@demo.example')).unreadCount).toBe(0);
    expect((await inbox('clerk@demo.example')).unreadCount).toBe(1);
  });

  it('pages newest first with limit and cursor, and refuses bad queries and missing tokens', async () => {
    const stories = [new SignatureRequestStory('Erster'), new SignatureRequestStory('Zweiter'), new SignatureRequestStory('Dritter')];
    for (const story of stories) await deliver(story, story.completed());
    const all = await inbox('admin@demo.example');
    expect(all.items).toHaveLength(6);
    const first = await inbox('admin@demo.example', { limit: '4' });
    expect(first.items.map((n) => n.id)).toEqual(all.items.slice(0, 4).map((n) => n.id));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await inbox('admin@demo.example', { limit: '4', cursor: first.nextCursor! });
    expect(second.items.map((n) => n.id)).toEqual(all.items.slice(4).map((n) => n.id));
    expect(second.nextCursor).toBeNull();
    expect(all.items.map((n) => n.title)).toEqual([
      'Unterschrift abgelehnt: Dritter',
      'Vollständig unterschrieben: Dritter',
      'Unterschrift abgelehnt: Zweiter',
      'Vollständig unterschrieben: Zweiter',
      'Unterschrift abgelehnt: Erster',
      'Vollständig unterschrieben: Erster',
    ]);

    for (const query of ['limit=0', 'limit=201', 'unread=maybe', 'cursor=nonsense', 'other=1']) {
      await t
        .http()
        .get(`/api/v1/tenants/demo/notifications?${query}`)
        .set('authorization', `Bearer ${tokens['admin@demo.example']}`)
        .expect(400);
    }
    await t.http().get('/api/v1/tenants/demo/notifications').expect(401);
    await t.http().get('/api/v1/tenants/demo/notifications').set('authorization', `Bearer ${tokens['staff@muster.example']}`).expect(404);
  });

  it("opens the request's case thread with requester and all signers as members", async () => {
    const story = new SignatureRequestStory();
    await deliver(story, story.created(), story.created());
    const threads: Array<{ kind: string; name: string; case: unknown; memberIds: string[] }> = (
      await t.http().get('/api/v1/tenants/demo/conversations').set('authorization', `Bearer ${tokens['it-admin@demo.example']}`).expect(200)
    ).body.items;
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({
      kind: 'case',
      name: 'Dienstvereinbarung Homeoffice',
      case: { kind: 'signature-request', id: story.requestId },
    });
    expect([...threads[0].memberIds].sort()).toEqual([story.requester.userId, ...story.steps.flat().map((s) => s.userId)].sort());
  });
});
