import type { Provider } from '@nestjs/common';
import { ConfigurationError, PlatformConfig } from '@amtsweg/platform';
import { DevMailboxTransport } from './dev-mailbox/dev-mailbox.mail-transport';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport';
import { SmtpMailTransport } from './smtp.mail-transport';

/** `SMTP_URL` set → SMTP; unset → the dev mailbox, which production refuses (API-CONVENTIONS.md, "Mail"). */
export function mailTransportFor(config: PlatformConfig): MailTransport {
  if (config.SMTP_URL) return new SmtpMailTransport(config.SMTP_URL, config.MAIL_FROM);
  if (config.production) {
    throw new ConfigurationError(
      'invalid configuration:\n  SMTP_URL: required when NODE_ENV=production (without it mails would only reach the development mailbox)',
    );
  }
  return new DevMailboxTransport();
}

export const mailTransportProvider: Provider = {
  provide: MAIL_TRANSPORT,
  inject: [PlatformConfig],
  useFactory: mailTransportFor,
};
