import type { MailTransport } from '../mail-transport';

/**
 * Development without `SMTP_URL`: nothing leaves the machine. A mail counts as delivered into the
 * dev mailbox, and its row (sent, transport 'dev-mailbox') is what `GET /api/v1/dev/mailbox` lists.
 */
export class DevMailboxTransport implements MailTransport {
  readonly name = 'dev-mailbox' as const;

  async send(): Promise<void> {}
}
