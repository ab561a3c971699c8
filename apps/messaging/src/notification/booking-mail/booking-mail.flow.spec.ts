import { BookingCancelledV1, BookingConfirmedV1, BookingRescheduledV1 } from '@amtsweg/contracts';
import { toBusRecord } from '@amtsweg/eventing';
import { bookingCancelled, bookingConfirmed, bookingRescheduled, envelopeOf } from '../../../test/booking-events.fixture';
import { startMessagingApp, type MessagingTestApp } from '../../../test/messaging-app';
import { waitFor } from '../../../test/wait-for';

interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string }>;
}

describe('booking mails through the event consumer (embedded bus, embedded database)', () => {
  let t: MessagingTestApp;

  beforeAll(async () => (t = await startMessagingApp({ consume: true })), 60_000);
  afterAll(() => t?.close());

  const mailbox = async (to: string): Promise<MailboxEntry[]> =>
    (await t.http().get('/api/v1/dev/mailbox').query({ to }).expect(200)).body as MailboxEntry[];

  it('mails once for an event that is delivered twice', async () => {
    const twice = envelopeOf(BookingConfirmedV1.type, bookingConfirmed({ email: 'twice@example.org' }));
    const record = toBusRecord(BookingConfirmedV1.topic, twice);
    await t.bus.publish([record]);
    await t.bus.publish([record]);
    // One key, one order: when the marker's mail is there, both copies have been handled.
    const marker = bookingConfirmed({ email: 'twice@example.org', reference: 'MARK-0001' });
    await t.bus.publish([toBusRecord(BookingConfirmedV1.topic, envelopeOf(BookingConfirmedV1.type, marker))]);

    const mails = await waitFor(
      async () => {
        const entries = await mailbox('twice@example.org');
        return entries.some((m) => m.subject.includes('MARK-0001')) ? entries : undefined;
      },
      10_000,
      'the marker mail',
    );
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('MARK-0001'), expect.stringContaining('K7M2-P9QX')]);
    const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM messaging.outbound_mail WHERE event_id = $1', [twice.id]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('mails confirmation, reschedule and cancellation of one booking in order, with rising SEQUENCE', async () => {
    const bookingId = '01937a2e-5b6c-7d8e-9f01-0000000000f1';
    const email = 'lifecycle@example.org';
    await t.bus.publish([
      toBusRecord(BookingConfirmedV1.topic, envelopeOf(BookingConfirmedV1.type, bookingConfirmed({ bookingId, email }))),
      toBusRecord(BookingRescheduledV1.topic, envelopeOf(BookingRescheduledV1.type, bookingRescheduled({ bookingId, email }))),
      toBusRecord(BookingCancelledV1.topic, envelopeOf(BookingCancelledV1.type, bookingCancelled({ bookingId, email }))),
    ]);
    const mails = await waitFor(
      async () => {
        const entries = await mailbox(email);
        return entries.length === 3 ? entries : undefined;
      },
      10_000,
      'three mails',
    );
    expect(mails.map((m) => m.subject.split(' K7M2')[0])).toEqual(['Termin abgesagt', 'Termin verschoben', 'Terminbestätigung']);
    expect(mails.map((m) => m.attachments)).toEqual(
      ['CANCEL', 'REQUEST', 'REQUEST'].map((method) => [
        { filename: 'termin.ics', contentType: `text/calendar; charset=utf-8; method=${method}` },
      ]),
    );
    const sequences: Array<{ sequence: number }> = await t.dataSource.query(
      'SELECT sequence FROM messaging.booking_calendar WHERE booking_id = $1',
      [bookingId],
    );
    expect(sequences).toEqual([{ sequence: 2 }]);
  });
});
