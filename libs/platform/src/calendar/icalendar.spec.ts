import fc from 'fast-check';
import { calendarFile, escapeText, foldLine, utcDateTime, type CalendarEvent } from './icalendar';

const event: CalendarEvent = {
  uid: '0193a0b2-7c1e-7d3a-9f00-1234567890ab@amtsweg',
  start: new Date('2026-12-01T08:15:00+01:00'),
  end: new Date('2026-12-01T08:45:00+01:00'),
  summary: 'Personalausweis beantragen',
  location: 'Bürgerbüro Mitte, Marktplatz 1, 12345 Demostadt',
  description: 'Termin: Personalausweis beantragen\nBuchungsnummer: K7MN-4PQX',
  url: 'http://localhost:3000/buchung/K7MN-4PQX',
  stamp: new Date('2026-11-28T10:00:00Z'),
  sequence: 2,
  organizer: { name: 'Bürgerbüro Mitte', email: 'no-reply@amtsweg.example' },
};

/** RFC 5545 unfolding: a CRLF followed by one space or tab joins the lines. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('the iCalendar writer', () => {
  const file = calendarFile(event);

  it('writes one VEVENT in a VCALENDAR, every line ended by CRLF', () => {
    expect(file.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(file.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(file.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });

  it('writes UID, DTSTAMP, SEQUENCE and the times in UTC', () => {
    const lines = unfold(file).split('\r\n');
    expect(lines).toContain('UID:0193a0b2-7c1e-7d3a-9f00-1234567890ab@amtsweg');
    expect(lines).toContain('DTSTAMP:20261128T100000Z');
    expect(lines).toContain('SEQUENCE:2');
    expect(lines).toContain('DTSTART:20261201T071500Z');
    expect(lines).toContain('DTEND:20261201T074500Z');
    expect(lines).toContain('STATUS:CONFIRMED');
  });

  it('escapes commas, semicolons, backslashes and line breaks in text', () => {
    const lines = unfold(file).split('\r\n');
    expect(lines).toContain('LOCATION:Bürgerbüro Mitte\\, Marktplatz 1\\, 12345 Demostadt');
    expect(lines).toContain('DESCRIPTION:Termin: Personalausweis beantragen\\nBuchungsnummer: K7MN-4PQX');
    expect(escapeText('a\\b;c,d\r\ne\rf\ng')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('bell\u0007 tab\t')).toBe('bell tab\t');
  });

  it('is the same file for the same booking (a stable UID and stamp)', () => {
    expect(calendarFile(event)).toBe(file);
  });

  it('marks a cancelled appointment, and sends it as a CANCEL whatever method was asked', () => {
    const cancelled = calendarFile({ ...event, method: 'REQUEST', cancelled: true });
    expect(cancelled).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(cancelled).toContain('\r\nMETHOD:CANCEL\r\n');
  });

  it('names the organizer in a quoted CN that no quote, semicolon or line break in the office name can break', () => {
    const lines = unfold(
      calendarFile({ ...event, organizer: { name: 'Amt "Nord";\r\nX-EVIL:1', email: 'no-reply@amtsweg.example' } }),
    ).split('\r\n');
    expect(lines.filter((line) => line.startsWith('ORGANIZER'))).toEqual([
      'ORGANIZER;CN="Amt  Nord ;  X-EVIL:1":mailto:no-reply@amtsweg.example',
    ]);
    expect(lines.some((line) => line.startsWith('X-EVIL'))).toBe(false);
  });

  it('folds lines longer than 75 octets, counting octets, never inside a UTF-8 character', () => {
    const long = calendarFile({ ...event, summary: 'Ä'.repeat(100), description: 'x'.repeat(300) });
    for (const line of long.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const lines = unfold(long).split('\r\n');
    expect(lines).toContain(`SUMMARY:${'Ä'.repeat(100)}`);
    expect(lines).toContain(`DESCRIPTION:${'x'.repeat(300)}`);
  });

  it('folds any text so that it unfolds to itself (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const folded = foldLine(`DESCRIPTION:${text}`);
        return folded.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75) && unfold(folded) === `DESCRIPTION:${text}`;
      }),
    );
  });

  it('writes a date-time in the UTC form', () => {
    expect(utcDateTime(new Date('2026-03-29T01:30:00+01:00'))).toBe('20260329T003000Z');
    expect(() => utcDateTime(new Date(NaN))).toThrow(RangeError);
  });
});
