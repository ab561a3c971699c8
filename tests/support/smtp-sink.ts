import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { parseMime } from '../../apps/messaging/test/received-mail';

/** One message the sink accepted (answered 250 to), as the SMTP server saw it. */
export interface SinkDelivery {
  /** The Message-ID header as sent, e.g. `<mail-row-id@amtsweg>`; '' when the message had none. */
  messageId: string;
  /** The envelope's RCPT TO addresses: who the message was actually delivered to. */
  recipients: string[];
  /** The Subject header, encoded words decoded. */
  subject: string;
  /** Date.now() when the message was accepted (or, for a dropped one, received). */
  at: number;
}

interface Held {
  delivery: SinkDelivery;
  sessionId: string;
  accept: () => void;
}

/** What happens to the next message `which` matches: held unanswered, or accepted and followed by `then`. */
interface Trap {
  which: (delivery: SinkDelivery) => boolean;
  then?: () => void;
  sprung: (delivery: SinkDelivery) => void;
}

/**
 * A real SMTP server on 127.0.0.1 (a free port) that accepts every message and records each
 * delivery. Point a service at it with `SMTP_URL: sink.url`. It keeps every delivery, repeats
 * included: a resend of the same message shows up as a second delivery with the same Message-ID.
 */
export class SmtpSink {
  /** Every accepted message, in the order the server answered 250. */
  readonly deliveries: SinkDelivery[] = [];
  /** Messages received but never accepted: the client went away while `holdNext()` withheld the 250. */
  readonly dropped: SinkDelivery[] = [];
  private readonly server: SMTPServer;
  private listeningPort = 0;
  private held: Held | undefined;
  private trap: Trap | undefined;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: nodemailer would otherwise upgrade to TLS with a certificate it rejects.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => this.received(Buffer.concat(chunks).toString('binary'), session, () => callback()));
      },
      onClose: (session) => this.closed(session),
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(0, '127.0.0.1', () => resolve());
    });
    sink.listeningPort = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  get port(): number {
    return this.listeningPort;
  }

  /** What a service's `SMTP_URL` should be to send here. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Deliveries addressed (envelope) to this recipient. */
  to(recipient: string): SinkDelivery[] {
    return this.deliveries.filter((delivery) => delivery.recipients.includes(recipient));
  }

  /**
   * Withholds the answer to the next message (that `which` matches): resolves with it once it is received and its sender
   * waits for the 250 — the moment to kill the sender mid-send. `release()` accepts it; if the
   * sender's connection closes first, it lands in `dropped`, as a real server discards what it
   * never accepted.
   */
  holdNext(which: (delivery: SinkDelivery) => boolean = () => true): Promise<SinkDelivery> {
    if (this.held) throw new Error('one message at a time is held');
    return this.setTrap(which);
  }

  /**
   * Accepts the next message (that `which` matches) and runs `then` in the same tick, right after the 250 is written: a
   * SIGKILL there lands before the sender can record that the server took the mail. Resolves with it.
   */
  afterNextAcceptance(then: () => void, which: (delivery: SinkDelivery) => boolean = () => true): Promise<SinkDelivery> {
    return this.setTrap(which, then);
  }

  private setTrap(which: Trap['which'], then?: () => void): Promise<SinkDelivery> {
    if (this.trap) throw new Error('one trap at a time');
    return new Promise((sprung) => (this.trap = { which, then, sprung }));
  }

  /** Accepts the held message, if its sender is still connected. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    this.deliveries.push({ ...held.delivery, at: Date.now() });
    held.accept();
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private received(raw: string, session: SMTPServerSession, accept: () => void): void {
    const delivery = { ...headersOf(raw), recipients: session.envelope.rcptTo.map((r) => r.address), at: Date.now() };
    const trap = this.trap?.which(delivery) ? this.trap : undefined;
    if (trap) this.trap = undefined;
    if (trap && !trap.then) {
      this.held = { delivery, sessionId: session.id, accept };
    } else {
      this.deliveries.push(delivery);
      accept();
      trap?.then?.();
    }
    trap?.sprung(delivery);
  }

  private closed(session: SMTPServerSession): void {
    if (this.held?.sessionId !== session.id) return;
    this.dropped.push(this.held.delivery);
    this.held = undefined;
  }
}

/** Only the headers: the body (text, calendar file) is not what the fault suites count. */
function headersOf(raw: string): Pick<SinkDelivery, 'messageId' | 'subject'> {
  const end = raw.indexOf('\r\n\r\n');
  const { headers } = parseMime(end >= 0 ? raw.slice(0, end) : raw);
  return { messageId: headers.get('message-id') ?? '', subject: headers.get('subject') ?? '' };
}
