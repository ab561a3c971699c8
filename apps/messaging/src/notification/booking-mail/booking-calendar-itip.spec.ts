import { onlyEvent, parseCalendar, property, type CalendarComponent } from '../../../../../tests/support/icalendar-parser';
import type { Mail } from '../../mail/mail';
import { bookingCancelled, bookingConfirmed, bookingRescheduled } from '../../../test/booking-events.fixture';
import { cancellationMail, confirmationMail, rescheduleMail, type CalendarSender } from './booking-mail';

const NOW = new Date('2026-11-28T10:00:00Z');
const calendarAt = (sequence: number): CalendarSender => ({ organizerEmail: 'no-reply@amtsweg.example', sequence, now: NOW });

function calendarOf(mail: Mail): { calendar: CalendarComponent; event: CalendarComponent; contentType: string } {
  expect(mail.attachments).toHaveLength(1);
  const calendar = parseCalendar(mail.attachments[0].content);
  return { calendar, event: onlyEvent(calendar), contentType: mail.attachments[0].contentType };
}

/**
 * The mails' calendar files as a calendar program reads them (iTIP, RFC 5546, sent by mail as in
 * RFC 6047): one entry per booking that a move updates and a cancellation removes. A program only
 * applies a file to the entry it has when the UID is the same, the SEQUENCE higher, and the METHOD
 * says what to do — a CANCEL removes, a REQUEST updates; a PUBLISH with STATUS:CANCELLED is kept.
 */
describe('calendar files of the booking mails (RFC 5546)', () => {
  const confirmed = calendarOf(confirmationMail(bookingConfirmed(), calendarAt(0)));
  const moved = calendarOf(rescheduleMail(bookingRescheduled(), calendarAt(1)));
  const cancelled = calendarOf(cancellationMail(bookingCancelled(), calendarAt(2)));

  it('confirms as a REQUEST from an organizer, to the citizen, needing no answer', () => {
    expect(property(confirmed.calendar, 'METHOD')?.value).toBe('REQUEST');
    expect(confirmed.contentType).toMatch(/; method=REQUEST$/);
    expect(property(confirmed.event, 'ORGANIZER')?.value).toMatch(/^mailto:/);
    expect(property(confirmed.event, 'ATTENDEE')).toMatchObject({ value: 'mailto:citizen@example.org', params: { RSVP: 'FALSE' } });
    expect(property(confirmed.event, 'SEQUENCE')?.value).toBe('0');
    expect(property(confirmed.event, 'STATUS')?.value).toBe('CONFIRMED');
  });

  it('moves with a REQUEST for the same UID, a higher SEQUENCE and the same organizer', () => {
    expect(property(moved.calendar, 'METHOD')?.value).toBe('REQUEST');
    expect(moved.contentType).toMatch(/; method=REQUEST$/);
    expect(property(moved.event, 'UID')?.value).toBe(property(confirmed.event, 'UID')?.value);
    expect(Number(property(moved.event, 'SEQUENCE')?.value)).toBeGreaterThan(Number(property(confirmed.event, 'SEQUENCE')?.value));
    expect(property(moved.event, 'ORGANIZER')).toEqual(property(confirmed.event, 'ORGANIZER'));
    expect(property(moved.event, 'DTSTART')?.value).toBe('20261203T090000Z');
  });

  it('cancels with a CANCEL for the same UID, a higher SEQUENCE, STATUS:CANCELLED and the same organizer', () => {
    expect(property(cancelled.calendar, 'METHOD')?.value).toBe('CANCEL');
    expect(cancelled.contentType).toMatch(/; method=CANCEL$/);
    expect(property(cancelled.event, 'UID')?.value).toBe(property(confirmed.event, 'UID')?.value);
    expect(Number(property(cancelled.event, 'SEQUENCE')?.value)).toBeGreaterThan(Number(property(moved.event, 'SEQUENCE')?.value));
    expect(property(cancelled.event, 'STATUS')?.value).toBe('CANCELLED');
    expect(property(cancelled.event, 'ORGANIZER')).toEqual(property(confirmed.event, 'ORGANIZER'));
    expect(property(cancelled.event, 'ATTENDEE')?.value).toBe('mailto:citizen@example.org');
  });
});
