import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMime } from '../../apps/messaging/src/testing/received-mail';

/** One message the sink accepted (answered 250 to), as the SMTP server saw it. */
export interface SinkDelivery {
  /** The Message-ID header as sent, e.g. `<mail-row-id@amtsweg>`; '' when the message had none. */
  messageId: string;
  /** The envelope's RCPT TO addresses: who the message was actually delivered to. */
  recipients: string[];
  /** The Subject header, encoded words decoded. */
  subject: string;
  /** Date.now() when the message was accepted. */
  at: number;
}

/**
 * A real SMTP server on 127.0.0.1 (a free port) that accepts every message and records each
 * delivery. Point a service at it with `SMTP_URL: sink.url`. It keeps every delivery, repeats
 * included: a resend of the same message shows up as a second delivery with the same Message-ID.
 */
export class SmtpSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    /** Every accepted message, in the order the server answered 250. */
    readonly deliveries: SinkDelivery[],
  ) {}

  static async start(): Promise<SmtpSink> {
    const deliveries: SinkDelivery[] = [];
    const server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: nodemailer would otherwise upgrade to TLS with a certificate it rejects.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          deliveries.push({ ...headersOf(Buffer.concat(chunks).toString('binary')), recipients: session.envelope.rcptTo.map((r) => r.address), at: Date.now() });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new SmtpSink(server, (server.server.address() as AddressInfo).port, deliveries);
  }

  /** What a service's `SMTP_URL` should be to send here. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Deliveries addressed (envelope) to this recipient. */
  to(recipient: string): SinkDelivery[] {
    return this.deliveries.filter((delivery) => delivery.recipients.includes(recipient));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Only the headers: the body (text, calendar file) is not what the fault suites count. */
function headersOf(raw: string): Pick<SinkDelivery, 'messageId' | 'subject'> {
  const end = raw.indexOf('\r\n\r\n');
  const { headers } = parseMime(end >= 0 ? raw.slice(0, end) : raw);
  return { messageId: headers.get('message-id') ?? '', subject: headers.get('subject') ?? '' };
}
