import type { Mail } from '../../mail/mail';
import type { NewNotification } from './notification';

/** The e-mail copy of a notification, for users who opted in. German; the link leads into the app. */
export function notificationMail(notification: NewNotification, to: string, publicUrl: string): Mail {
  const link = notification.link ? `${publicUrl}${notification.link}` : publicUrl;
  return {
    to,
    subject: oneLine(notification.title),
    text: [
      'Guten Tag,',
      '',
      notification.body,
      '',
      'Öffnen:',
      link,
      '',
      '--',
      'Diese E-Mail wurde automatisch versandt. E-Mail-Benachrichtigungen schalten Sie in Ihren Einstellungen ab.',
    ].join('\n'),
    attachments: [],
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
