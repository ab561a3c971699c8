import { BookingCancelledV1, BookingConfirmedV1, BookingRescheduledV1, TenantUpdatedV1 } from '@amtsweg/contracts';
import { KnownTenantsProjection, toBusRecord } from '@amtsweg/eventing';
import { EmbeddedPostgres } from '@amtsweg/platform';
import { TestClock } from '@amtsweg/platform/testing';
import { loadMessagingConfig } from '../../messaging.config';
import { bookingCancelled, bookingConfirmed, bookingRescheduled, envelopeOf } from '../../../test/booking-events.fixture';
import { startMessagingApp, type MessagingTestApp } from '../../../test/messaging-app';
import { waitFor } from '../../../test/wait-for';
import { DueReminders } from './due-reminders';

interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
}

// The fixture's appointment: Tuesday 1 December 2026, 08:15 in Berlin (07:15Z); 24 h lead → 30 November 07:15Z.
const REMIND_AT = '2026-11-30T07:15:00Z';
// The scheduler's own rounds are an hour apart: each test runs the rounds it needs itself.
const QUIET_SCHEDULER = { BOOKING_REMINDER_INTERVAL_MS: '3600000' };

describe('booking reminders (embedded bus and database, a clock the test moves)', () => {
  // The app restarts in a test: the database outlives it.
  let embedded: EmbeddedPostgres;
  let t: MessagingTestApp;
  const clock = TestClock.stoppedAt('2026-11-28T10:00:00Z');
  let bookingNumber = 0;

  const start = async (): Promise<void> => {
    t = await startMessagingApp({ database: embedded, consume: true, clock, messagingEnv: QUIET_SCHEDULER });
  };

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    await start();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await embedded?.close();
  });
  beforeEach(() => clock.set('2026-11-28T10:00:00Z'));

  const mailbox = async (to: string): Promise<MailboxEntry[]> =>
    (await t.http().get('/api/v1/dev/mailbox').query({ to }).expect(200)).body as MailboxEntry[];
  const reminders = async (to: string): Promise<MailboxEntry[]> => (await mailbox(to)).filter((m) => m.subject.startsWith('Erinnerung'));
  const reminderRows = (bookingId: string): Promise<Array<{ remind_at: Date }>> =>
    t.dataSource.query('SELECT remind_at FROM messaging.booking_reminder WHERE booking_id = $1', [bookingId]);
  /** A booking of its own (id and address) per test, so mailboxes and rows never mix. */
  const newBooking = () => {
    bookingNumber++;
    return {
      bookingId: `01937a2e-5b6c-7d8e-9f01-${String(bookingNumber).padStart(12, '0')}`,
      email: `reminder-${bookingNumber}@example.org`,
    };
  };
  /** Publishes the events and waits until the last one's mail is logged (one key, one order). */
  const deliver = async (email: string, ...records: ReturnType<typeof toBusRecord>[]): Promise<void> => {
    await t.bus.publish(records);
    await waitFor(async () => (await mailbox(email)).length >= records.length, 10_000, `${records.length} booking mails`);
  };
  const confirmed = (booking: { bookingId: string; email: string }) =>
    toBusRecord(BookingConfirmedV1.topic, envelopeOf(BookingConfirmedV1.type, bookingConfirmed(booking)));
  /** A round of the scheduler at the clock's time; resolves when the dispatcher has sent what it logged. */
  const round = async (): Promise<void> => {
    await t.app.get(DueReminders).sendDue();
    await new Promise((resolve) => setTimeout(resolve, 400));
  };

  it('mails the reminder 24 hours before, once, with the manage link, and not a minute earlier', async () => {
    const booking = newBooking();
    await deliver(booking.email, confirmed(booking));
    expect(await reminderRows(booking.bookingId)).toEqual([{ remind_at: new Date(REMIND_AT) }]);

    clock.set('2026-11-30T07:14:00Z');
    await round();
    expect(await reminders(booking.email)).toEqual([]);

    clock.set(REMIND_AT);
    const [mail] = await waitFor(
      async () => {
        await t.app.get(DueReminders).sendDue();
        const sent = await reminders(booking.email);
        return sent.length > 0 ? sent : undefined;
      },
      5_000,
      'the reminder',
    );
    expect(mail.subject).toBe('Erinnerung an Ihren Termin K7M2-P9QX – Personalausweis beantragen');
    expect(mail.text).toContain('Termin: Dienstag, 1. Dezember 2026, 08:15 Uhr (bis 08:45 Uhr)');
    expect(mail.text).toContain(bookingConfirmed().manageUrl);
    expect(await reminderRows(booking.bookingId)).toEqual([]);

    await round();
    expect(await reminders(booking.email)).toHaveLength(1);
  });

  it('moves the reminder with a reschedule', async () => {
    const booking = newBooking();
    await deliver(
      booking.email,
      confirmed(booking),
      toBusRecord(BookingRescheduledV1.topic, envelopeOf(BookingRescheduledV1.type, bookingRescheduled(booking))),
    );
    // New appointment: Thursday 3 December, 10:00 in Berlin → reminder 2 December, 09:00Z.
    expect(await reminderRows(booking.bookingId)).toEqual([{ remind_at: new Date('2026-12-02T09:00:00Z') }]);

    clock.set(REMIND_AT);
    await round();
    expect(await reminders(booking.email)).toEqual([]);

    clock.set('2026-12-02T09:00:00Z');
    await t.app.get(DueReminders).sendDue();
    const [mail] = await waitFor(
      async () => {
        const sent = await reminders(booking.email);
        return sent.length > 0 ? sent : undefined;
      },
      5_000,
      'the moved reminder',
    );
    expect(mail.text).toContain('Termin: Donnerstag, 3. Dezember 2026, 10:00 Uhr');
  });

  it('drops the reminder with a cancellation', async () => {
    const booking = newBooking();
    await deliver(
      booking.email,
      confirmed(booking),
      toBusRecord(BookingCancelledV1.topic, envelopeOf(BookingCancelledV1.type, bookingCancelled(booking))),
    );
    expect(await reminderRows(booking.bookingId)).toEqual([]);
    clock.set(REMIND_AT);
    await round();
    expect(await reminders(booking.email)).toEqual([]);
  });

  it('sends no reminder for an appointment booked sooner than the lead', async () => {
    clock.set('2026-11-30T12:00:00Z'); // the appointment is 19 h 15 min away
    const booking = newBooking();
    await deliver(booking.email, confirmed(booking));
    expect(await reminderRows(booking.bookingId)).toEqual([]);
    clock.set('2026-12-01T07:00:00Z');
    await round();
    expect(await reminders(booking.email)).toEqual([]);
  });

  it('keeps the schedule across a restart, and sends nothing once the appointment has begun', async () => {
    const kept = newBooking();
    const missed = { ...newBooking() };
    await deliver(kept.email, confirmed(kept));
    await t.bus.publish([
      toBusRecord(
        BookingConfirmedV1.topic,
        envelopeOf(
          BookingConfirmedV1.type,
          bookingConfirmed({ ...missed, start: '2026-11-30T09:00:00+01:00', end: '2026-11-30T09:30:00+01:00' }),
        ),
      ),
    ]);
    await waitFor(async () => (await mailbox(missed.email)).length === 1, 10_000, 'the second confirmation');

    await t.close();
    // Down until after the second appointment began: the first is still ahead.
    clock.set('2026-11-30T08:30:00Z');
    await start();

    await t.app.get(DueReminders).sendDue();
    const sent = await waitFor(
      async () => {
        const mails = await reminders(kept.email);
        return mails.length > 0 ? mails : undefined;
      },
      5_000,
      'the reminder after the restart',
    );
    expect(sent).toHaveLength(1);
    expect(await reminders(missed.email)).toEqual([]);
    expect(await reminderRows(missed.bookingId)).toEqual([]);
  });

  it("keeps a suspended tenant's reminders due instead of mailing them, and mails them after the reactivation", async () => {
    const booking = newBooking();
    await deliver(booking.email, confirmed(booking));
    const registry = t.app.get(KnownTenantsProjection, { strict: false });
    const demo = { slug: 'demo', name: 'Stadt Demo', federalState: 'NW' as const, timeZone: 'Europe/Berlin' };
    await registry.applyNow(Object.assign(new TenantUpdatedV1(), { ...demo, suspended: true, revision: 1000 }), clock.now());

    clock.set(REMIND_AT);
    await round();
    expect(await reminders(booking.email)).toEqual([]);
    expect(await reminderRows(booking.bookingId)).toEqual([{ remind_at: new Date(REMIND_AT) }]);

    await registry.applyNow(Object.assign(new TenantUpdatedV1(), { ...demo, suspended: false, revision: 1001 }), clock.now());
    await t.app.get(DueReminders).sendDue();
    await waitFor(
      async () => ((await reminders(booking.email)).length === 1 ? true : undefined),
      5_000,
      'the reminder after the reactivation',
    );
    expect(await reminderRows(booking.bookingId)).toEqual([]);
  });
});

describe('MessagingConfig', () => {
  it('defaults the reminder lead to 24 hours and refuses a lead of 0 with the variable named', () => {
    expect(loadMessagingConfig({}).BOOKING_REMINDER_LEAD_HOURS).toBe(24);
    expect(loadMessagingConfig({ BOOKING_REMINDER_LEAD_HOURS: '48' }).BOOKING_REMINDER_LEAD_HOURS).toBe(48);
    expect(() => loadMessagingConfig({ BOOKING_REMINDER_LEAD_HOURS: '0' })).toThrow(/BOOKING_REMINDER_LEAD_HOURS="0"/);
    expect(() => loadMessagingConfig({ BOOKING_REMINDER_LEAD_HOURS: 'tomorrow' })).toThrow(/BOOKING_REMINDER_LEAD_HOURS/);
  });
});
