import { BookingConfirmedV1, BookingPersonalDataErasedV1 } from '@amtsweg/contracts';
import { toBusRecord } from '@amtsweg/eventing';
import { bookingConfirmed, envelopeOf } from '../../test/booking-events.fixture';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';
import { waitFor } from '../../test/wait-for';

const ERASED_BOOKING = '0190a000-0000-7000-8000-00000000e001';
const KEPT_BOOKING = '0190a000-0000-7000-8000-00000000e002';

describe("erasing a booking's personal data from messaging (embedded bus, embedded database)", () => {
  let t: MessagingTestApp;

  beforeAll(async () => (t = await startMessagingApp({ consume: true })), 60_000);
  afterAll(() => t?.close());

  const mailsOf = (bookingId: string): Promise<Array<{ recipient: string; subject: string; text: string }>> =>
    t.dataSource.query('SELECT recipient, subject, text FROM messaging.outbound_mail WHERE booking_id = $1', [bookingId]);

  it("erases the addresses and texts of the booking's mails, keeps other bookings' mails, and a redelivery changes nothing", async () => {
    for (const [bookingId, email] of [
      [ERASED_BOOKING, 'erase.me@example.org'],
      [KEPT_BOOKING, 'keep.me@example.org'],
    ]) {
      // Far ahead, so that a reminder is planned whenever this runs.
      const appointment = { start: '2030-06-03T08:15:00+02:00', end: '2030-06-03T08:30:00+02:00' };
      await t.bus.publish([
        toBusRecord(BookingConfirmedV1.topic, envelopeOf(BookingConfirmedV1.type, bookingConfirmed({ bookingId, email, ...appointment }))),
      ]);
    }
    await waitFor(
      async () => ((await mailsOf(ERASED_BOOKING)).length === 1 && (await mailsOf(KEPT_BOOKING)).length === 1 ? true : undefined),
      10_000,
      'both confirmation mails',
    );
    expect(
      (await t.dataSource.query('SELECT count(*)::int AS n FROM messaging.booking_reminder WHERE booking_id = $1', [ERASED_BOOKING]))[0].n,
    ).toBe(1);

    const erased = toBusRecord(
      BookingPersonalDataErasedV1.topic,
      envelopeOf(BookingPersonalDataErasedV1.type, { bookingId: ERASED_BOOKING, reference: 'K7M2-P9QX' }),
    );
    await t.bus.publish([erased]);
    await t.bus.publish([erased]);
    const [mail] = await waitFor(
      async () => {
        const rows = await mailsOf(ERASED_BOOKING);
        return rows[0]?.recipient.startsWith('erased:') ? rows : undefined;
      },
      10_000,
      'the erased mail',
    );
    expect(mail).toEqual({ recipient: expect.stringMatching(/^erased:/), subject: '', text: '' });
    expect(
      JSON.stringify(await t.dataSource.query('SELECT * FROM messaging.outbound_mail WHERE booking_id = $1', [ERASED_BOOKING])),
    ).not.toContain('erase.me');
    expect(
      (await t.dataSource.query('SELECT count(*)::int AS n FROM messaging.booking_reminder WHERE booking_id = $1', [ERASED_BOOKING]))[0].n,
    ).toBe(0);
    expect((await mailsOf(KEPT_BOOKING))[0].recipient).toBe('keep.me@example.org');
  });
});
