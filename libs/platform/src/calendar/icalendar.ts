/**
 * A single-event iCalendar file (RFC 5545) for an appointment: what a citizen imports into a
 * calendar, from the booking page or attached to the confirmation mail. Framework-free, so that it
 * appointments serves it and messaging attaches it, byte for byte the same.
 *
 * The METHOD (iTIP, RFC 5546 §3.2) tells a calendar program what to do with the entry it has under
 * the same UID: REQUEST (mails) and PUBLISH (download) add or update it, CANCEL removes it — but
 * only from the same ORGANIZER and with a higher SEQUENCE, which is why every file names one.
 */
export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

export interface CalendarPerson {
  email: string;
  /** Shown by calendar programs (CN); the office's name for the organizer, none for the citizen. */
  name?: string;
}

export interface CalendarEvent {
  /** Stable per appointment, so that a re-import updates the entry instead of adding another. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  url?: string;
  /** DTSTAMP: when this version of the event was written. Default: now. */
  stamp?: Date;
  /** Raised with every change, so calendars take a newer file over an older one. */
  sequence?: number;
  /** A cancelled appointment: calendars that know the UID mark it cancelled. */
  cancelled?: boolean;
  /** Default PUBLISH; a cancelled appointment is always sent as CANCEL. */
  method?: Exclude<CalendarMethod, 'CANCEL'>;
  /** Who the appointment is with — the office, at the address the mails come from. */
  organizer: CalendarPerson;
  /** The citizen, in the mails (REQUEST and CANCEL need an attendee); no answer is expected. */
  attendee?: CalendarPerson;
}

/** The METHOD the file carries, also the `method` parameter of its MIME type in a mail (RFC 6047). */
export function calendarMethod(event: Pick<CalendarEvent, 'method' | 'cancelled'>): CalendarMethod {
  return event.cancelled ? 'CANCEL' : (event.method ?? 'PUBLISH');
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

export function calendarFile(event: CalendarEvent, productId = '-//amtsweg//Termine//DE'): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(productId)}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${calendarMethod(event)}`,
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcDateTime(event.stamp ?? new Date())}`,
    ...(event.sequence !== undefined ? [`SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`] : []),
    `DTSTART:${utcDateTime(event.start)}`,
    `DTEND:${utcDateTime(event.end)}`,
    person('ORGANIZER', event.organizer, []),
    ...(event.attendee ? [person('ATTENDEE', event.attendee, ['ROLE=REQ-PARTICIPANT', 'PARTSTAT=ACCEPTED', 'RSVP=FALSE'])] : []),
    `SUMMARY:${escapeText(event.summary)}`,
    `LOCATION:${escapeText(event.location)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.url ? [`URL:${event.url.replace(/[\u0000-\u001F\u007F]/g, '')}`] : []),
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** `ORGANIZER;CN="Bürgerbüro Mitte":mailto:…` — a CAL-ADDRESS, its name a quoted parameter value. */
function person(property: string, who: CalendarPerson, params: string[]): string {
  const name = who.name ? [`CN="${paramText(who.name)}"`] : [];
  return `${[property, ...name, ...params].join(';')}:mailto:${who.email.replace(/[\u0000-\u0020\u007F"]/g, '')}`;
}

/** A quoted parameter value may hold anything but DQUOTE and controls (RFC 5545 §3.1). */
function paramText(value: string): string {
  return value.replace(/[\u0000-\u001F\u007F"]/g, ' ').trim();
}

/** TEXT values: backslash, semicolon and comma escaped, line breaks as `\n`, other controls dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r/g, '\n')

    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** `20261201T071500Z` — DATE-TIME in UTC form. */
export function utcDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date for a calendar file');
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Lines longer than 75 octets are folded: CRLF and one space, the space counting toward the next
 * line's 75. Never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}
