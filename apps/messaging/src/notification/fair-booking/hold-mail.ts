import { DateTime } from 'luxon';
import type { BookingHeldV1 } from '@amtsweg/contracts';
import type { Mail } from '../../mail/mail';

/**
 * The mail that asks a citizen to confirm a held slot: the link in it is the only key, so
 * following it proves the address is theirs. German first, one English line; no calendar file
 * yet — the appointment is not theirs until confirmed (the confirmation mail brings it).
 */
export function holdMail(event: BookingHeldV1): Mail {
  const start = local(event.start, event.timeZone);
  const until = local(event.heldUntil, event.timeZone);
  const offer = event.reason === 'waiting-list';
  const service = oneLine(event.serviceName);
  const office = oneLine(event.officeName);
  return {
    to: event.email,
    subject: `${offer ? 'Termin frei geworden – bitte bestätigen' : 'Bitte bestätigen Sie Ihren Termin'} ${event.reference} – ${service}`,
    text: [
      'Guten Tag,',
      '',
      offer
        ? 'für Ihren Platz auf der Warteliste ist ein passender Termin frei geworden. Wir halten ihn für Sie bereit.'
        : 'wir halten den gewünschten Termin für Sie bereit.',
      `Er gehört Ihnen, sobald Sie ihn bis ${until.setLocale('de').toFormat("d. LLLL yyyy, HH:mm 'Uhr'")} über diesen Link bestätigen:`,
      event.manageUrl,
      '',
      `Anliegen: ${service}`,
      `Termin: ${start.setLocale('de').toFormat("cccc, d. LLLL yyyy, HH:mm 'Uhr'")}`,
      `Ort: ${office}, ${oneLine(event.officeAddress)}`,
      `Buchungsnummer: ${event.reference}`,
      '',
      offer
        ? 'Ohne Bestätigung verfällt das Angebot, und der Termin geht an die nächste Person auf der Warteliste; Ihr Platz auf der Warteliste endet damit.'
        : 'Ohne Bestätigung verfällt die Reservierung, und der Termin wird wieder frei.',
      'Bitte geben Sie den Link nicht weiter: Wer ihn kennt, kann Ihren Termin bestätigen, ändern oder absagen.',
      '',
      'Mit freundlichen Grüßen',
      office,
      '',
      `English: ${offer ? 'a slot from the waiting list' : 'your appointment'} "${service}" at ${office} on ${start.setLocale('en-GB').toFormat('cccc, d LLLL yyyy, HH:mm')} is held for you until ${until.setLocale('en-GB').toFormat('d LLLL yyyy, HH:mm')}. Open the link above to confirm it; otherwise it lapses.`,
      '',
      '--',
      'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht darauf.',
    ].join('\n'),
    attachments: [],
  };
}

function local(iso: string, timeZone: string): DateTime {
  const at = DateTime.fromISO(iso, { setZone: true });
  const zoned = at.setZone(timeZone);
  // An unknown zone name: the offset the event carries is the office's at that instant.
  return zoned.isValid ? zoned : at;
}

/** Values from the event end up in a subject header and in one-line fields: no line breaks. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ', ').trim();
}
