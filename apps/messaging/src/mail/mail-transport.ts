import type { LoggedMail } from './mail';
import type { MailTransportName } from './outbound-mail.entity';

/** Where mails leave the system. Resolves once the mail is accepted; rejects to have it retried. */
export interface MailTransport {
  readonly name: MailTransportName;
  send(mail: LoggedMail): Promise<void>;
  close?(): Promise<void> | void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
