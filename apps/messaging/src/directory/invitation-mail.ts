import type { Mail } from '../mail/mail';
import type { Person } from './person';

/** The mail a new person gets: where to sign in. German, like the other staff mails; no secret in it. */
export function invitationMail(person: Pick<Person, 'email' | 'tenant'>, publicUrl: string): Mail {
  return {
    to: person.email,
    subject: `Ihr Zugang zu amtsweg (${person.tenant})`,
    text: [
      'Guten Tag,',
      '',
      `Sie wurden als Beschäftigte oder Beschäftigter der Kommune „${person.tenant}“ bei amtsweg eingetragen.`,
      'Melden Sie sich hier mit Ihrer dienstlichen E-Mail-Adresse an:',
      `${publicUrl}/anmelden`,
      '',
      '--',
      'Diese E-Mail wurde automatisch versandt. Wenn Sie diesen Zugang nicht erwarten, wenden Sie sich an Ihre Verwaltung.',
    ].join('\n'),
    attachments: [],
  };
}
