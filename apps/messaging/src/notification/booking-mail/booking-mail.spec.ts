import { bookingCancelled, bookingConfirmed, bookingRescheduled } from '../../../test/booking-events.fixture';
import type { Mail } from '../../mail/mail';
import { cancellationMail, confirmationMail, rescheduleMail, type CalendarSender } from './booking-mail';

const NOW = new Date('2026-11-28T10:00:00Z');
const calendarAt = (sequence: number): CalendarSender => ({ organizerEmail: 'no-reply@amtsweg.example', sequence, now: NOW });

/** The calendar file's content lines, unfolded (RFC 5545 §3.1), after checking its framing. */
function calendarLines(mail: Mail): string[] {
  expect(mail.attachments).toHaveLength(1);
  const [ics] = mail.attachments;
  expect(ics.filename).toBe('termin.ics');
  expect(ics.content.endsWith('\r\n')).toBe(true);
  expect(ics.content.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const physical = ics.content.slice(0, -2).split('\r\n');
  for (const line of physical) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  const lines = ics.content
    .replace(/\r\n[ \t]/g, '')
    .slice(0, -2)
    .split('\r\n');
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines[lines.length - 1]).toBe('END:VCALENDAR');
  for (const line of lines) expect(line).toMatch(/^[A-Z-]+[:;]/);
  return lines;
}

function property(lines: string[], name: string): string | undefined {
  return lines.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1);
}

describe('booking mails', () => {
  describe('confirmation', () => {
    const event = bookingConfirmed();
    const mail = confirmationMail(event, calendarAt(0));

    it('goes to the booking address and names the reference and the service in the subject', () => {
      expect(mail.to).toBe('citizen@example.org');
      expect(mail.subject).toBe('Terminbestätigung K7M2-P9QX – Personalausweis beantragen');
    });

    it('tells date and time in German, office, address, reference and the manage link', () => {
      expect(mail.text).toContain('Dienstag, 1. Dezember 2026, 08:15 Uhr (bis 08:45 Uhr)');
      expect(mail.text).toContain('Ort: Bürgerbüro Mitte, Marktplatz 1, 12345 Demostadt');
      expect(mail.text).toContain('Buchungsnummer: K7M2-P9QX');
      expect(mail.text.split('\n')).toContain(event.manageUrl);
      expect(mail.text).toMatch(/^English: .*Tuesday, 1 December 2026, 08:15.*K7M2-P9QX/m);
      expect(mail.text.startsWith('Guten Tag,\n')).toBe(true);
    });

    it('attaches a calendar file with a stable UID per booking, in UTC, without the manage token', () => {
      expect(mail.attachments[0].contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
      const lines = calendarLines(mail);
      expect(property(lines, 'METHOD')).toBe('REQUEST');
      expect(property(lines, 'UID')).toBe('01937a2e-5b6c-7d8e-9f01-23456789abcd@amtsweg');
      expect(property(lines, 'DTSTART')).toBe('20261201T071500Z');
      expect(property(lines, 'DTEND')).toBe('20261201T074500Z');
      expect(property(lines, 'DTSTAMP')).toBe('20261128T100000Z');
      expect(property(lines, 'SEQUENCE')).toBe('0');
      expect(property(lines, 'STATUS')).toBe('CONFIRMED');
      expect(property(lines, 'LOCATION')).toBe('Bürgerbüro Mitte\\, Marktplatz 1\\, 12345 Demostadt');
      expect(property(lines, 'DESCRIPTION')).toContain('K7M2-P9QX');
      expect(mail.attachments[0].content).not.toContain('token=');
    });
  });

  it('shows the office clock on both sides of a daylight saving change, whatever offset the event used', () => {
    // Berlin leaves CET for CEST on Sunday 29 March 2026; both appointments are at 08:30 local time.
    const friday = confirmationMail(bookingConfirmed({ start: '2026-03-27T07:30:00Z', end: '2026-03-27T08:00:00Z' }), calendarAt(0));
    const monday = confirmationMail(bookingConfirmed({ start: '2026-03-30T06:30:00Z', end: '2026-03-30T07:00:00Z' }), calendarAt(0));
    expect(friday.text).toContain('Freitag, 27. März 2026, 08:30 Uhr (bis 09:00 Uhr)');
    expect(monday.text).toContain('Montag, 30. März 2026, 08:30 Uhr (bis 09:00 Uhr)');
    expect(property(calendarLines(monday), 'DTSTART')).toBe('20260330T063000Z');
  });

  it('falls back to the offset the event carries when the time zone is unknown', () => {
    const mail = confirmationMail(bookingConfirmed({ timeZone: 'Mars/Olympus', start: '2026-12-01T08:15:00+01:00' }), calendarAt(0));
    expect(mail.text).toContain('Dienstag, 1. Dezember 2026, 08:15 Uhr');
  });

  it('keeps line breaks from event fields out of the subject', () => {
    const mail = confirmationMail(bookingConfirmed({ serviceName: 'Pass\r\nBcc: someone@example.org' }), calendarAt(0));
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  describe('reschedule', () => {
    // Moved across the change to summer time: 08:30 CET → 08:30 CEST.
    const event = bookingRescheduled({
      previousStart: '2026-03-27T08:30:00+01:00',
      previousEnd: '2026-03-27T09:00:00+01:00',
      start: '2026-03-30T08:30:00+02:00',
      end: '2026-03-30T09:00:00+02:00',
    });
    const mail = rescheduleMail(event, calendarAt(1));

    it('names the new and the old time, the reference and the link', () => {
      expect(mail.subject).toBe('Termin verschoben K7M2-P9QX – Personalausweis beantragen');
      expect(mail.text).toContain('Neuer Termin: Montag, 30. März 2026, 08:30 Uhr (bis 09:00 Uhr)');
      expect(mail.text).toContain('Bisher: Freitag, 27. März 2026, 08:30 Uhr (bis 09:00 Uhr)');
      expect(mail.text.split('\n')).toContain(event.manageUrl);
    });

    it('attaches the same calendar entry with the new time and a higher SEQUENCE', () => {
      const lines = calendarLines(mail);
      expect(property(lines, 'UID')).toBe(`${event.bookingId}@amtsweg`);
      expect(property(lines, 'SEQUENCE')).toBe('1');
      expect(property(lines, 'DTSTART')).toBe('20260330T063000Z');
      expect(property(lines, 'METHOD')).toBe('REQUEST');
    });
  });

  describe('cancellation', () => {
    it('tells the citizen their cancellation went through and attaches the same entry, cancelled', () => {
      const event = bookingCancelled({ cancelledBy: 'citizen' });
      const mail = cancellationMail(event, calendarAt(2));
      expect(mail.subject).toBe('Termin abgesagt K7M2-P9QX – Personalausweis beantragen');
      expect(mail.text).toContain('wie gewünscht abgesagt');
      expect(mail.text).toContain('Abgesagter Termin: Dienstag, 1. Dezember 2026, 08:15 Uhr');
      expect(mail.text).toContain('Einen neuen Termin buchen Sie unter http://localhost:3000');
      expect(mail.attachments[0].contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
      const lines = calendarLines(mail);
      expect(property(lines, 'STATUS')).toBe('CANCELLED');
      expect(property(lines, 'SEQUENCE')).toBe('2');
      expect(property(lines, 'UID')).toBe(`${event.bookingId}@amtsweg`);
    });

    it('apologises when the office cancelled', () => {
      const mail = cancellationMail(bookingCancelled({ cancelledBy: 'office' }), calendarAt(1));
      expect(mail.text).toContain('vom Amt abgesagt');
      expect(mail.text).toContain('by the office');
    });
  });
});
