import { describeTally, tallyConfirmations, type Booked, type ConfirmationMailRow } from './booking-load';
import type { SinkDelivery } from './smtp-sink';

const booked = (email: string): Booked => ({ email, reference: `REF-${email[0]}`, at: 0 });
const delivery = (messageId: string, to: string, subject = 'Terminbestätigung K7M2-P9QX – Personalausweis beantragen'): SinkDelivery => ({
  messageId,
  recipients: [to],
  subject,
  at: 0,
});
const row = (id: string, recipient: string, status = 'sent'): ConfirmationMailRow => ({ id, recipient, status });

describe('tallyConfirmations (what the fault suites count)', () => {
  it('finds nothing to report when each booking got one mail, accepted once, logged once as sent', () => {
    const tally = tallyConfirmations(
      [booked('a@x'), booked('b@x')],
      [delivery('<1@amtsweg>', 'a@x'), delivery('<2@amtsweg>', 'b@x')],
      [row('1', 'a@x'), row('2', 'b@x')],
    );
    expect(tally).toEqual({
      bookings: 2,
      rawDeliveries: 2,
      distinctMails: 2,
      missing: [],
      twice: [],
      resent: [],
      unexpected: [],
      logMismatch: [],
      pendingRows: 0,
    });
  });

  it('tells a resend of the same mail row (one distinct Message-ID) from a second mail (two)', () => {
    const tally = tallyConfirmations(
      [booked('a@x'), booked('b@x')],
      [delivery('<1@amtsweg>', 'a@x'), delivery('<1@amtsweg>', 'a@x'), delivery('<2@amtsweg>', 'b@x'), delivery('<3@amtsweg>', 'b@x')],
      [row('1', 'a@x'), row('2', 'b@x'), row('3', 'b@x')],
    );
    expect(tally).toMatchObject({ rawDeliveries: 4, distinctMails: 3, resent: ['<1@amtsweg>'], twice: ['b@x'], logMismatch: ['b@x'] });
    expect(describeTally(tally)).toContain("1 raw duplicate(s) with the same Message-ID — the dispatcher's documented window");
  });

  it('reports a booking without a mail, a mail to an address not answered 201, and rows not matching what arrived', () => {
    const tally = tallyConfirmations(
      [booked('a@x'), booked('b@x'), booked('c@x')],
      [
        delivery('<1@amtsweg>', 'a@x'),
        delivery('<9@amtsweg>', 'refused@x'),
        delivery('<5@amtsweg>', 'c@x'),
        // Not a confirmation: neither counted nor unexpected.
        delivery('<7@amtsweg>', 'b@x', 'Terminerinnerung K7M2-P9QX'),
      ],
      [row('1', 'a@x'), row('2', 'b@x', 'pending'), row('6', 'c@x')],
    );
    expect(tally).toMatchObject({
      rawDeliveries: 3,
      missing: ['b@x'],
      unexpected: ['<9@amtsweg>'],
      logMismatch: ['b@x', 'c@x'],
      pendingRows: 1,
    });
  });
});
