/**
 * A single-event iCalendar file (RFC 5545) for an appointment: what a citizen imports into a
 * calendar, from the booking page or attached to the confirmation mail. Framework-free, so that it
 * appointments serves it and messaging attaches it, byte for byte the same.
 */
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
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcDateTime(event.stamp ?? new Date())}`,
    ...(event.sequence !== undefined ? [`SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`] : []),
    `DTSTART:${utcDateTime(event.start)}`,
    `DTEND:${utcDateTime(event.end)}`,
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
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
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
