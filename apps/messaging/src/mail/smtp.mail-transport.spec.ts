import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { loadConfig } from '@amtsweg/platform';
import { bookingConfirmed, eventContext } from '../../test/booking-events.fixture';
import { bookingMailConsumer } from '../../test/booking-mail-consumer';
import { messagingDatabaseOnPglite } from '../../test/messaging-databases';
import { leafParts, parseMime } from '../../test/received-mail';
import { waitFor } from '../../test/wait-for';
import { MailDispatcher } from './mail-dispatcher';
import { mailTransportFor } from './mail-transport.provider';
import { SmtpMailTransport } from './smtp.mail-transport';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
class TestSmtpServer {
  readonly received: Received[] = [];
  private server: SMTPServer | undefined;

  async start(port = 0, options: Partial<SMTPServerOptions> = {}): Promise<number> {
    const received = this.received;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      ...options,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('binary'),
          });
          callback();
        });
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

interface Row {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  transport: string | null;
}

describe('mail over SMTP (real SMTP server, embedded database)', () => {
  const db = messagingDatabaseOnPglite();
  const consumer = bookingMailConsumer();
  let smtp: TestSmtpServer;
  let dispatcher: MailDispatcher | undefined;
  beforeEach(async () => {
    smtp = new TestSmtpServer();
    await db.dataSource.query('TRUNCATE messaging.outbound_mail, messaging.booking_calendar');
  });
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    await smtp.stop();
  });

  const rows = (): Promise<Row[]> => db.dataSource.query('SELECT id, status, attempts, last_error, transport FROM messaging.outbound_mail');
  const confirm = () => db.dataSource.transaction((manager) => consumer.onBookingConfirmed(bookingConfirmed(), eventContext(manager)));

  it('sends the booking confirmation to the SMTP server: recipient, subject, text with link, calendar part', async () => {
    const port = await smtp.start();
    const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Bürgerbüro <termine@demo.example>' });
    const transport = mailTransportFor(config);
    expect(transport).toBeInstanceOf(SmtpMailTransport);
    dispatcher = new MailDispatcher(db.dataSource, transport, { pollMs: 60_000 });
    dispatcher.start();

    await confirm();
    await waitFor(() => smtp.received.length === 1, 5_000, 'the SMTP server to receive the mail');
    const [{ from, to, raw }] = smtp.received;
    expect(from).toBe('termine@demo.example');
    expect(to).toEqual(['citizen@example.org']);

    const message = parseMime(raw);
    expect(message.headers.get('subject')).toBe('Terminbestätigung K7M2-P9QX – Personalausweis beantragen');
    expect(message.headers.get('to')).toBe('citizen@example.org');
    const [row] = await waitFor(
      async () => {
        const all = await rows();
        return all[0]?.status === 'sent' ? all : undefined;
      },
      2_000,
      'the row to be marked sent',
    );
    expect(row).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 1, last_error: null });
    expect(message.headers.get('message-id')).toBe(`<${row.id}@amtsweg>`);

    const parts = leafParts(message);
    const text = parts.find((p) => p.contentType.startsWith('text/plain'));
    expect(text?.body).toContain(bookingConfirmed().manageUrl);
    expect(text?.body).toContain('Dienstag, 1. Dezember 2026, 08:15 Uhr');

    const calendar = parts.find((p) => p.contentType.startsWith('text/calendar'));
    expect(calendar?.contentType).toMatch(/method=REQUEST/i);
    expect(calendar?.headers.get('content-disposition')).toMatch(/attachment; filename="?termin\.ics"?/);
    expect(calendar?.body).toContain('\r\nUID:01937a2e-5b6c-7d8e-9f01-23456789abcd@amtsweg\r\n');
    expect(calendar?.body).toContain('\r\nDTSTART:20261201T071500Z\r\n');
  });

  it('keeps the mail pending while the SMTP server is down and delivers it once when it is back', async () => {
    const port = await smtp.start();
    await smtp.stop();
    dispatcher = new MailDispatcher(db.dataSource, new SmtpMailTransport(`smtp://127.0.0.1:${port}`, 'no-reply@demo.example'), {
      pollMs: 20,
      backoffBaseMs: 100,
      backoffMaxMs: 200,
      maxAttempts: 50,
    });
    dispatcher.start();

    await confirm();
    const [down] = await waitFor(
      async () => {
        const all = await rows();
        return all[0]?.attempts >= 2 ? all : undefined;
      },
      5_000,
      'two failed attempts',
    );
    expect(down).toMatchObject({ status: 'pending', transport: null });
    expect(down.last_error).toMatch(/^E[A-Z]+$/);

    await smtp.start(port);
    await waitFor(async () => (await rows())[0]?.status === 'sent', 5_000, 'delivery after the server is back');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(['citizen@example.org']);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'sent', transport: 'smtp', last_error: null })]);
  });

  it('carries successive mails over one pooled connection (no connect, greeting and EHLO per mail)', async () => {
    let connections = 0;
    const port = await smtp.start(0, {
      onConnect(_session, callback) {
        connections += 1;
        callback();
      },
    });
    dispatcher = new MailDispatcher(db.dataSource, new SmtpMailTransport(`smtp://127.0.0.1:${port}`, 'no-reply@demo.example'), {
      pollMs: 60_000,
    });
    dispatcher.start();

    for (let i = 0; i < 3; i++) {
      await confirm();
      await waitFor(() => smtp.received.length === i + 1, 5_000, `mail ${i + 1} at the SMTP server`);
    }
    expect(connections).toBe(1);
  });

  it('records a rejection by its codes only, without the address the server quoted', async () => {
    const port = await smtp.start(0, {
      onRcptTo(address, _session, callback) {
        callback(Object.assign(new Error(`<${address.address}>: no such user here`), { responseCode: 550 }));
      },
    });
    dispatcher = new MailDispatcher(db.dataSource, new SmtpMailTransport(`smtp://127.0.0.1:${port}`, 'no-reply@demo.example'), {
      pollMs: 20,
      backoffBaseMs: 10,
      maxAttempts: 2,
    });
    dispatcher.start();

    await confirm();
    const [failed] = await waitFor(
      async () => {
        const all = await rows();
        return all[0]?.status === 'failed' ? all : undefined;
      },
      5_000,
      'the mail to fail',
    );
    expect(failed).toMatchObject({ attempts: 2, last_error: 'EENVELOPE 550' });
    expect(smtp.received).toHaveLength(0);
  });
});
