import type { DataSource } from 'typeorm';
import { describeOnPostgres, TestDatabase } from '@amtsweg/eventing/testing';
import { newId, openServiceDataSource } from '@amtsweg/platform';
import { messagingDatabase } from '../messaging.database';
import { waitFor } from '../../test/wait-for';
import type { LoggedMail, Mail } from './mail';
import { MailDispatcher } from './mail-dispatcher';
import type { MailTransport } from './mail-transport';
import { OutboundMailLog } from './outbound-mail-log';

/** Counts what one instance sent, and how many sends overlapped; each takes a little while, as SMTP does. */
class SlowTransport implements MailTransport {
  readonly name = 'smtp' as const;
  readonly sent: string[] = [];
  mostAtOnce = 0;
  private inFlight = 0;
  async send(mail: LoggedMail): Promise<void> {
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.inFlight -= 1;
    this.sent.push(mail.id);
  }
}

const MAIL: Mail = { to: 'citizen@example.org', subject: 'Terminbestätigung', text: 'Guten Tag', attachments: [] };

describeOnPostgres('MailDispatcher on PostgreSQL (two instances)', (serverUrl) => {
  const database = TestDatabase.named(serverUrl);
  let instances: DataSource[] = [];
  let dispatchers: MailDispatcher[] = [];

  beforeAll(async () => {
    instances = [await openServiceDataSource(messagingDatabase, { kind: 'postgres', url: database.url })];
    instances.push(await openServiceDataSource(messagingDatabase, { kind: 'postgres', url: database.url }));
  }, 60_000);
  afterEach(async () => {
    await Promise.all(dispatchers.map((d) => d.stop()));
    dispatchers = [];
  });
  afterAll(async () => {
    await Promise.all(instances.map((ds) => ds.destroy()));
    await database.drop();
  });

  const addMails = async (count: number): Promise<string[]> =>
    instances[0].transaction(async (manager) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await new OutboundMailLog().add(manager, { tenant: 'demo', eventId: newId() }, MAIL))!);
      return ids;
    });

  it('never lets two instances send the same mail', async () => {
    await instances[0].query('TRUNCATE messaging.outbound_mail');
    const transports = [new SlowTransport(), new SlowTransport()];
    dispatchers = instances.map((ds, i) => new MailDispatcher(ds, transports[i], { pollMs: 10 }));
    const ids = await addMails(60);
    dispatchers.forEach((d) => d.start());

    await waitFor(
      async () => {
        const [{ pending }] = await instances[0].query(
          `SELECT count(*)::int AS pending FROM messaging.outbound_mail WHERE status <> 'sent'`,
        );
        return pending === 0;
      },
      20_000,
      'every mail to be sent',
    );
    const sent = [...transports[0].sent, ...transports[1].sent];
    expect(sent).toHaveLength(60);
    expect(new Set(sent)).toEqual(new Set(ids));
    expect(transports[0].sent.length).toBeGreaterThan(0);
    expect(transports[1].sent.length).toBeGreaterThan(0);
  }, 30_000);

  it('sends a burst with several senders at once, each mail once', async () => {
    await instances[0].query('TRUNCATE messaging.outbound_mail');
    const transport = new SlowTransport();
    const dispatcher = new MailDispatcher(instances[0], transport, { pollMs: 60_000, senders: 4 });
    dispatchers = [dispatcher];
    const ids = await addMails(40);
    dispatcher.start();

    await waitFor(() => transport.sent.length >= 40, 10_000, 'every mail to be sent');
    expect(transport.sent.sort()).toEqual([...ids].sort());
    expect(transport.mostAtOnce).toBeGreaterThan(1);
    expect(transport.mostAtOnce).toBeLessThanOrEqual(4);
  });

  it('wakes on the commit that added a mail, not only on the poll', async () => {
    await instances[0].query('TRUNCATE messaging.outbound_mail');
    const transport = new SlowTransport();
    const dispatcher = new MailDispatcher(instances[0], transport, { pollMs: 60_000 });
    dispatchers = [dispatcher];
    dispatcher.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [id] = await addMails(1);
    await waitFor(() => transport.sent.includes(id), 2_000, 'the mail to be sent');
  });
});
