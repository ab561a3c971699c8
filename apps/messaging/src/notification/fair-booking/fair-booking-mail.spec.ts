import { BookingHeldV1, ReleaseDrawLostV1 } from '@amtsweg/contracts';
import { bookingConfirmed } from '../../../test/booking-events.fixture';
import { drawLostMail } from './draw-lost-mail';
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

  it('tells a winner of a release draw that the slot is theirs once confirmed', () => {
    const mail = holdMail(held('draw'));
    expect(mail.subject).toMatch(/^Verlosung gewonnen – bitte bestätigen K7M2-P9QX/);
    expect(mail.text).toContain('bei der Verlosung der neuen Termine haben Sie einen Termin erhalten');
    expect(mail.text).toContain('verfällt die Reservierung');
  });

  it('keeps line breaks of event values out of the subject', () => {
    const mail = holdMail(Object.assign(held('booking'), { serviceName: 'Pass\r\nBcc: x@example.org' }));
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('the mail for a request that lost a release draw', () => {
  it('says so, names the service and the seed, and points to free slots and the waiting list', () => {
    const mail = drawLostMail(
      Object.assign(new ReleaseDrawLostV1(), {
        releaseId: '01937a2e-0000-7000-8000-000000000010',
        requestId: '01937a2e-0000-7000-8000-000000000011',
        serviceName: 'Reisepass beantragen',
        email: 'citizen@example.org',
        drawnAt: '2026-12-01T07:00:00.000Z',
        seed: 'abc123',
        bookingUrl: 'http://localhost:3000',
      }),
    );
    expect(mail).toMatchObject({
      to: 'citizen@example.org',
      subject: 'Verlosung: diesmal kein Termin – Reisepass beantragen',
      attachments: [],
    });
    expect(mail.text).toContain('am 1. Dezember 2026, 08:00 Uhr haben Sie diesmal leider keinen Termin erhalten');
    expect(mail.text).toContain('Startwert abc123');
    expect(mail.text).toContain('http://localhost:3000');
  });
});
