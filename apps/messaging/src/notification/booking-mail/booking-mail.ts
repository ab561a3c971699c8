import { DateTime } from 'luxon';
import type { BookingCancelledV1, BookingConfirmedV1, BookingMailDetails, BookingRescheduledV1 } from '@amtsweg/contracts';
import { calendarFile as calendarText, calendarMethod, CALENDAR_CONTENT_TYPE, type CalendarEvent } from '@amtsweg/platform';
import type { Mail, MailAttachment } from '../../mail/mail';

/**
 * The mails a citizen gets about a booking: German first, one English line, the calendar file
 * attached. Composed from the event alone — the address and the booking, never a name.
 */

/** What every calendar file of a booking shares besides the booking: the address mails come from. */
export interface CalendarSender {
  /** The organizer's mailto: address (MAIL_FROM's); the office's name goes with it. */
  organizerEmail: string;
  /** The file's SEQUENCE: higher with every file of the same booking. */
  sequence: number;
  now: Date;
}

export function confirmationMail(event: BookingConfirmedV1, calendar: CalendarSender): Mail {
  const when = appointmentTime(event);
  return {
    to: event.email,
    subject: subject('Terminbestätigung', event),
    text: [
      'Guten Tag,',
      '',
      'Ihr Termin ist gebucht.',
      '',
      ...facts(event, [['Termin', when.german]]),
      '',
      'Termin ansehen, verschieben oder absagen:',
      event.manageUrl,
      '',
      'Den Termin finden Sie als Kalenderdatei (termin.ics) im Anhang.',
      LINK_IS_SECRET,
      ...closing(event),
      '',
      `English: your appointment "${oneLine(event.serviceName)}" at ${oneLine(event.officeName)} on ${when.english} is confirmed, reference ${event.reference}. To view, move or cancel it, open the link above.`,
      ...footer(),
    ].join('\n'),
    attachments: [calendarFile(event, calendar, false)],
  };
}

export function rescheduleMail(event: BookingRescheduledV1, calendar: CalendarSender): Mail {
  const when = appointmentTime(event);
  const before = appointmentTime({ start: event.previousStart, end: event.previousEnd, timeZone: event.timeZone });
  return {
    to: event.email,
    subject: subject('Termin verschoben', event),
    text: [
      'Guten Tag,',
      '',
      'Ihr Termin wurde verschoben.',
      '',
      ...facts(event, [
        ['Neuer Termin', when.german],
        ['Bisher', before.german],
      ]),
      '',
      'Termin ansehen, verschieben oder absagen:',
      event.manageUrl,
      '',
      'Die Kalenderdatei im Anhang (termin.ics) ersetzt den bisherigen Eintrag in Ihrem Kalender.',
      LINK_IS_SECRET,
      ...closing(event),
      '',
      `English: your appointment "${oneLine(event.serviceName)}" at ${oneLine(event.officeName)} has been moved to ${when.english} (previously ${before.english}), reference ${event.reference}.`,
      ...footer(),
    ].join('\n'),
    attachments: [calendarFile(event, calendar, false)],
  };
}

export function cancellationMail(event: BookingCancelledV1, calendar: CalendarSender): Mail {
  const when = appointmentTime(event);
  const why =
    event.cancelledBy === 'office'
      ? 'Ihr Termin musste leider vom Amt abgesagt werden. Bitte entschuldigen Sie die Unannehmlichkeiten und buchen Sie einen neuen Termin.'
      : 'Ihr Termin wurde wie gewünscht abgesagt.';
  return {
    to: event.email,
    subject: subject('Termin abgesagt', event),
    text: [
      'Guten Tag,',
      '',
      why,
      '',
      ...facts(event, [['Abgesagter Termin', when.german]]),
      '',
      'Ihre Buchung ansehen:',
      event.manageUrl,
      '',
      `Einen neuen Termin buchen Sie unter ${new URL(event.manageUrl).origin}`,
      'Mit der Kalenderdatei im Anhang (termin.ics) entfernen Sie den Termin aus Ihrem Kalender.',
      ...closing(event),
      '',
      `English: your appointment "${oneLine(event.serviceName)}" at ${oneLine(event.officeName)} on ${when.english} (reference ${event.reference}) has been cancelled${event.cancelledBy === 'office' ? ' by the office; please book a new one' : ''}.`,
      ...footer(),
    ].join('\n'),
    attachments: [calendarFile(event, calendar, true)],
  };
}

/**
 * The reminder before the appointment (it may go out late after downtime, so it names no lead time).
 * No calendar file: the entry the citizen has is still right.
 */
export function reminderMail(event: BookingMailDetails): Mail {
  const when = appointmentTime(event);
  return {
    to: event.email,
    subject: subject('Erinnerung an Ihren Termin', event),
    text: [
      'Guten Tag,',
      '',
      'wir erinnern Sie an Ihren bevorstehenden Termin.',
      '',
      ...facts(event, [['Termin', when.german]]),
      '',
      'Falls Sie den Termin nicht wahrnehmen können, verschieben oder sagen Sie ihn bitte ab:',
      event.manageUrl,
      '',
      LINK_IS_SECRET,
      ...closing(event),
      '',
      `English: a reminder of your appointment "${oneLine(event.serviceName)}" at ${oneLine(event.officeName)} on ${when.english}, reference ${event.reference}. If you cannot come, please move or cancel it with the link above.`,
      ...footer(),
    ].join('\n'),
    attachments: [],
  };
}

/** The calendar file's UID: stable per booking, so every update replaces the same entry. */
export function calendarUid(bookingId: string): string {
  return `${bookingId}@amtsweg`;
}

const LINK_IS_SECRET = 'Bitte geben Sie den Link nicht weiter: Wer ihn kennt, kann Ihren Termin ändern oder absagen.';

function subject(what: string, event: BookingMailDetails): string {
  return `${what} ${event.reference} – ${oneLine(event.serviceName)}`;
}

function facts(event: BookingMailDetails, times: Array<[string, string]>): string[] {
  return [
    `Anliegen: ${oneLine(event.serviceName)}`,
    ...times.map(([label, value]) => `${label}: ${value}`),
    `Ort: ${oneLine(event.officeName)}, ${oneLine(event.officeAddress)}`,
    `Buchungsnummer: ${event.reference}`,
  ];
}

function closing(event: BookingMailDetails): string[] {
  return ['', 'Mit freundlichen Grüßen', oneLine(event.officeName)];
}

function footer(): string[] {
  return ['', '--', 'Diese E-Mail wurde automatisch versandt. Bitte antworten Sie nicht darauf.'];
}

interface AppointmentTime {
  german: string;
  english: string;
}

/** Start and end as the office's clock shows them, whatever offset the event was written in. */
function appointmentTime(event: Pick<BookingMailDetails, 'start' | 'end' | 'timeZone'>): AppointmentTime {
  const start = inOfficeZone(event.start, event.timeZone);
  const end = inOfficeZone(event.end, event.timeZone);
  const sameDay = start.hasSame(end, 'day');
  const de = start.setLocale('de');
  const en = start.setLocale('en-GB');
  return {
    german: `${de.toFormat("cccc, d. LLLL yyyy, HH:mm 'Uhr'")} (bis ${end.setLocale('de').toFormat(sameDay ? "HH:mm 'Uhr'" : "d. LLLL yyyy, HH:mm 'Uhr'")})`,
    english: en.toFormat('cccc, d LLLL yyyy, HH:mm'),
  };
}

function inOfficeZone(iso: string, timeZone: string): DateTime {
  const at = DateTime.fromISO(iso, { setZone: true });
  if (!at.isValid) throw new Error(`booking time is not ISO 8601: ${at.invalidExplanation ?? at.invalidReason}`);
  const zoned = at.setZone(timeZone);
  // An unknown zone name: the offset the event carries is the office's at that instant.
  return zoned.isValid ? zoned : at;
}

function calendarFile(event: BookingMailDetails, { organizerEmail, sequence, now }: CalendarSender, cancelled: boolean): MailAttachment {
  const entry: CalendarEvent = {
    uid: calendarUid(event.bookingId),
    start: new Date(event.start),
    end: new Date(event.end),
    summary: `${oneLine(event.serviceName)} (${oneLine(event.officeName)})`,
    location: `${oneLine(event.officeName)}, ${oneLine(event.officeAddress)}`,
    // The manage link stays out: calendars get shared and synced, and the link is the booking's key.
    description: `Buchungsnummer ${event.reference}`,
    sequence,
    cancelled,
    stamp: now,
    // iTIP by mail (RFC 6047): a REQUEST the citizen need not answer, later a CANCEL of the same UID.
    method: 'REQUEST',
    organizer: { name: oneLine(event.officeName), email: organizerEmail },
    attendee: { email: event.email },
  };
  return { filename: 'termin.ics', contentType: `${CALENDAR_CONTENT_TYPE}; method=${calendarMethod(entry)}`, content: calendarText(entry) };
}

/** Values from the event end up in a subject header and in one-line fields: no line breaks. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ', ').trim();
}
