import { BookingHeldV1 } from '@amtsweg/contracts';
import { bookingConfirmed } from '../../testing/booking-events.fixture';
import { holdMail } from './hold-mail';

const held = (reason: BookingHeldV1['reason']): BookingHeldV1 =>
  Object.assign(new BookingHeldV1(), { ...bookingConfirmed(), heldUntil: '2026-11-30T08:15:00+01:00', reason });

describe('the mail that asks to confirm a held slot', () => {
  it('carries the confirmation link, the deadline in the office’s time and the booking facts, and no calendar file', () => {
    const mail = holdMail(held('booking'));
    expect(mail.to).toBe('citizen@example.org');
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihren Termin K7M2-P9QX – Personalausweis beantragen');
    expect(mail.text).toContain(
      'bis 30. November 2026, 08:15 Uhr über diesen Link bestätigen:\nhttp://localhost:3000/buchung/K7M2-P9QX?token=s3cr3t',
    );
    expect(mail.text).toContain('Termin: Dienstag, 1. Dezember 2026, 08:15 Uhr');
    expect(mail.text).toContain('verfällt die Reservierung');
    expect(mail.attachments).toEqual([]);
  });

  it('tells a waiting-list citizen the slot freed up for them and that the offer moves on unanswered', () => {
    const mail = holdMail(held('waiting-list'));
    expect(mail.subject).toMatch(/^Termin frei geworden – bitte bestätigen K7M2-P9QX/);
    expect(mail.text).toContain('Warteliste ist ein passender Termin frei geworden');
    expect(mail.text).toContain('geht an die nächste Person auf der Warteliste');
  });

  it('keeps line breaks of event values out of the subject', () => {
    const mail = holdMail(Object.assign(held('booking'), { serviceName: 'Pass\r\nBcc: x@example.org' }));
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});
