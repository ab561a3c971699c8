import { DateTime } from 'luxon';
import type { ReleaseDrawLostV1 } from '@amtsweg/contracts';
import type { Mail } from '../../mail/mail';

/** The result mail for a request that got no slot in a release draw: sent at the same moment as the winners'. */
export function drawLostMail(event: ReleaseDrawLostV1): Mail {
  const service = event.serviceName.replace(/\s*[\r\n]+\s*/g, ', ').trim();
  const drawnAt = DateTime.fromISO(event.drawnAt).setZone('Europe/Berlin').setLocale('de').toFormat("d. LLLL yyyy, HH:mm 'Uhr'");
  return {
    to: event.email,
    subject: `Verlosung: diesmal kein Termin – ${service}`,
    text: [
      'Guten Tag,',
      '',
      `bei der Verlosung der neuen Termine für „${service}“ am ${drawnAt} haben Sie diesmal leider keinen Termin erhalten.`,
      'Alle Anfragen hatten dieselbe Chance; nur die Angaben zu Ort und Zeit zählten, nicht der Zeitpunkt der Anfrage.',
      '',
      `Freie Termine und die Warteliste finden Sie unter ${event.bookingUrl}`,
      `Zur Nachprüfung: Die Verlosung verwendete den Startwert ${event.seed}`,
      '',
      'English: you did not get a slot in this release draw. Every request had the same chance; see the link above for free slots and the waiting list.',
      '',
      '--',
      'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht darauf.',
    ].join('\n'),
    attachments: [],
  };
}
