import { createTransport } from 'nodemailer';
import type { LoggedMail } from './mail';
import type { MailTransport } from './mail-transport';

/** Sends through the SMTP server named by `SMTP_URL` (smtp:// or smtps://, credentials in the URL). */
export class SmtpMailTransport implements MailTransport {
  readonly name = 'smtp' as const;
  private readonly transporter: ReturnType<typeof createTransport>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // Pooled: one connection carries many mails (a new one after 1,000), so a mail costs
    // MAIL/RCPT/DATA, not a TCP connect, greeting and EHLO each — ~100 ms against a server that
    // delays its greeting (docs/performance.md); at nodemailer's default of 100 that reconnect alone
    // was the p99. A server that limits mails per connection closes it, and the pool reconnects.
    // Bounded waits: a hanging server must turn into a retry, not a dispatcher stuck for minutes.
    // Settings in the URL's query win over these.
    this.transporter = createTransport({
      url: smtpUrl,
      pool: true,
      maxMessages: 1_000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: LoggedMail): Promise<void> {
    await this.transporter.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.id}@amtsweg>`,
      attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    });
  }

  close(): void {
    this.transporter.close();
  }
}
