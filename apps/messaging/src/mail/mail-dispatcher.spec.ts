import { newId } from '@amtsweg/platform';
import { messagingDatabaseOnPglite } from '../../test/messaging-databases';
import { waitFor } from '../../test/wait-for';
import { DevMailboxTransport } from './dev-mailbox/dev-mailbox.mail-transport';
import type { LoggedMail, Mail } from './mail';
import { failureCode, MailDispatcher, type MailDispatchPolicy } from './mail-dispatcher';
import type { MailTransport } from './mail-transport';
import { OutboundMailLog } from './outbound-mail-log';

describe('failureCode', () => {
  it('keeps the error code and the SMTP reply code, never the message that quotes the address', () => {
    const rejected = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 <citizen@example.org>: no such user"), {
      code: 'EENVELOPE',
      responseCode: 550,
    });
    expect(failureCode(rejected)).toBe('EENVELOPE 550');
    expect(failureCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }))).toBe('ESOCKET');
    expect(failureCode(new TypeError('citizen@example.org'))).toBe('TypeError');
    expect(failureCode(Object.assign(new Error('x'), { code: 'weird code <a@b>' }))).toBe('Error');
  });
});

interface Row {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  transport: string | null;
  sent_at: Date | null;
  due_later: boolean;
}

/** A transport that records what it was given and fails or blocks as told. */
class ScriptedTransport implements MailTransport {
  readonly name = 'smtp' as const;
  readonly sent: LoggedMail[] = [];
  calls = 0;
  failures = 0;
  gate: Promise<void> | undefined;
  async send(mail: LoggedMail): Promise<void> {
    this.calls++;
    if (this.gate) await this.gate;
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error(`connection to server for ${mail.to} refused`), { code: 'ECONNECTION' });
    }
    this.sent.push(mail);
  }
}

const MAIL: Mail = {
  to: 'citizen@example.org',
  subject: 'Terminbestätigung K7M2-P9QX – Personalausweis beantragen',
  text: 'Guten Tag,\nIhr Termin ist gebucht.',
  attachments: [
    {
      filename: 'termin.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
    },
  ],
};

describe('MailDispatcher (embedded database)', () => {
  const db = messagingDatabaseOnPglite();
  let dispatcher: MailDispatcher | undefined;
  const log = new OutboundMailLog();
  beforeEach(() => db.dataSource.query('TRUNCATE messaging.outbound_mail'));
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
  });

  function startDispatcher(transport: MailTransport, policy: Partial<MailDispatchPolicy>): MailDispatcher {
    dispatcher = new MailDispatcher(db.dataSource, transport, policy);
    dispatcher.start();
    return dispatcher;
  }

  const addMail = (mail: Mail = MAIL): Promise<string> =>
    db.dataSource.transaction(async (manager) => (await log.add(manager, { tenant: 'demo', eventId: newId() }, mail))!);

  const row = async (id: string): Promise<Row> =>
    (await db.dataSource.query(`SELECT *, next_attempt_at > now() AS due_later FROM messaging.outbound_mail WHERE id = $1`, [id]))[0];

  it('sends a mail as soon as the transaction that added it commits, without waiting for the poll', async () => {
    startDispatcher(new DevMailboxTransport(), { pollMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the first pass at start has found nothing
    const started = Date.now();
    const id = await addMail();
    const sent = await waitFor(async () => ((await row(id)).status === 'sent' ? row(id) : undefined), 2_000, 'the mail to be sent');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, transport: 'dev-mailbox', last_error: null });
    expect(sent.sent_at).toBeInstanceOf(Date);
  });

  it('sends mails left pending by an earlier process when it starts', async () => {
    const id = await addMail();
    expect((await row(id)).status).toBe('pending');
    const transport = new ScriptedTransport();
    startDispatcher(transport, { pollMs: 60_000 });
    await waitFor(async () => (await row(id)).status === 'sent', 2_000, 'the leftover mail');
    expect(transport.sent.map((m) => m.id)).toEqual([id]);
    expect(transport.sent[0]).toMatchObject({ to: MAIL.to, subject: MAIL.subject, text: MAIL.text, attachments: MAIL.attachments });
  });

  it('holds no transaction while sending, so the embedded database stays usable', async () => {
    const transport = new ScriptedTransport();
    let open!: () => void;
    transport.gate = new Promise((resolve) => (open = resolve));
    startDispatcher(transport, { pollMs: 60_000 });
    const id = await addMail();
    await waitFor(() => transport.calls === 1, 2_000, 'the send to begin');
    const answered = await Promise.race([
      db.dataSource.query('SELECT count(*)::int AS n FROM messaging.outbound_mail').then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('blocked'), 1_000)),
    ]);
    expect(answered).toBe('answered');
    open();
    await waitFor(async () => (await row(id)).status === 'sent', 2_000, 'the mail to be sent');
  });

  it('retries a failed send after a backoff and then sends it once', async () => {
    const transport = new ScriptedTransport();
    transport.failures = 2;
    startDispatcher(transport, { pollMs: 20, backoffBaseMs: 300, maxAttempts: 5 });
    const id = await addMail();
    const afterFirst = await waitFor(async () => ((await row(id)).attempts === 1 ? row(id) : undefined), 2_000, 'the first failure');
    expect(afterFirst).toMatchObject({ status: 'pending', last_error: 'ECONNECTION', due_later: true });
    const sent = await waitFor(async () => ((await row(id)).status === 'sent' ? row(id) : undefined), 5_000, 'the mail to be sent');
    expect(sent).toMatchObject({ attempts: 3, last_error: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(transport.calls).toBe(3);
    expect(transport.sent.map((m) => m.id)).toEqual([id]);
  });

  it('gives up after the bounded number of attempts and keeps only an error code', async () => {
    const transport = new ScriptedTransport();
    transport.failures = Number.POSITIVE_INFINITY;
    startDispatcher(transport, { pollMs: 20, backoffBaseMs: 10, maxAttempts: 3 });
    const id = await addMail();
    const failed = await waitFor(async () => ((await row(id)).status === 'failed' ? row(id) : undefined), 5_000, 'the mail to fail');
    expect(failed).toMatchObject({ attempts: 3, last_error: 'ECONNECTION', sent_at: null });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(transport.calls).toBe(3);
  });
});
