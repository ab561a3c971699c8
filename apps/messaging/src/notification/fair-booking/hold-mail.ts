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
  const { subject, opening } = WORDING[event.reason];
  const service = oneLine(event.serviceName);
  const office = oneLine(event.officeName);
  return {
    to: event.email,
    subject: `${subject} ${event.reference} – ${service}`,
    text: [
      'Guten Tag,',
      '',
      opening,
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
      `English: ${WORDING[event.reason].english} "${service}" at ${office} on ${start.setLocale('en-GB').toFormat('cccc, d LLLL yyyy, HH:mm')} is held for you until ${until.setLocale('en-GB').toFormat('d LLLL yyyy, HH:mm')}. Open the link above to confirm it; otherwise it lapses.`,
      '',
      '--',
      'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht darauf.',
    ].join('\n'),
    attachments: [],
  };
}

const WORDING: Record<BookingHeldV1['reason'], { subject: string; opening: string; english: string }> = {
  booking: {
    subject: 'Bitte bestätigen Sie Ihren Termin',
    opening: 'wir halten den gewünschten Termin für Sie bereit.',
    english: 'your appointment',
  },
  'waiting-list': {
    subject: 'Termin frei geworden – bitte bestätigen',
    opening: 'für Ihren Platz auf der Warteliste ist ein passender Termin frei geworden. Wir halten ihn für Sie bereit.',
    english: 'a slot from the waiting list,',
  },
  draw: {
    subject: 'Verlosung gewonnen – bitte bestätigen',
    opening: 'bei der Verlosung der neuen Termine haben Sie einen Termin erhalten. Wir halten ihn für Sie bereit.',
    english: 'the slot you won in the draw,',
  },
};

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
