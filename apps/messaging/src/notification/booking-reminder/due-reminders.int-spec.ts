import { describeOnPostgres } from '@amtsweg/eventing/testing';
import { TestClock } from '@amtsweg/platform/testing';
import { OutboundMailLog } from '../../mail/outbound-mail-log';
import { MessagingConfig } from '../../messaging.config';
import { bookingConfirmed } from '../../../test/booking-events.fixture';
import { messagingInstancesOnPostgres } from '../../../test/messaging-databases';
import { BookingReminderSchedule } from './booking-reminder-schedule';
import { DueReminders } from './due-reminders';

const REMINDERS = 240;

describeOnPostgres('DueReminders on PostgreSQL (two instances racing)', (serverUrl) => {
  const instances = messagingInstancesOnPostgres(serverUrl);

  it('hands every due reminder to the mail log exactly once while two schedulers claim at the same time', async () => {
    const schedule = new BookingReminderSchedule(new MessagingConfig(), TestClock.stoppedAt('2026-11-28T10:00:00Z'));
    await instances[0].transaction(async (manager) => {
      for (let i = 0; i < REMINDERS; i++) {
        const bookingId = `01937a2e-5b6c-7d8e-9f01-${String(i).padStart(12, '0')}`;
        const plan = await schedule.plan(manager, 'demo', bookingConfirmed({ bookingId, email: `citizen-${i}@example.org` }));
        expect(plan).toBe('scheduled');
      }
    });

    const due = TestClock.stoppedAt('2026-11-30T08:00:00Z');
    const schedulers = instances.map((ds) => new DueReminders(ds, new OutboundMailLog(), due));
    // Two rounds per instance at once: every batch is contested.
    const logged = await Promise.all([...schedulers, ...schedulers].map((scheduler) => scheduler.sendDue()));

    expect(logged.reduce((sum, n) => sum + n, 0)).toBe(REMINDERS);
    const [mails] = await instances[0].query(
      `SELECT count(*)::int AS total, count(DISTINCT recipient)::int AS recipients FROM messaging.outbound_mail WHERE subject LIKE 'Erinnerung%'`,
    );
    expect(mails).toEqual({ total: REMINDERS, recipients: REMINDERS });
    expect(await instances[1].query('SELECT count(*)::int AS n FROM messaging.booking_reminder')).toEqual([{ n: 0 }]);
  });

  it('skips the reminders another instance holds instead of waiting for them or sending them too', async () => {
    const schedule = new BookingReminderSchedule(new MessagingConfig(), TestClock.stoppedAt('2026-11-28T10:00:00Z'));
    const bookings = ['held', 'free'].map((name, i) => ({
      bookingId: `01937a2e-5b6c-7d8e-9f02-${String(i).padStart(12, '0')}`,
      email: `${name}@example.org`,
    }));
    await instances[0].transaction(async (manager) => {
      for (const booking of bookings) await schedule.plan(manager, 'demo', bookingConfirmed(booking));
    });
    const other = new DueReminders(instances[1], new OutboundMailLog(), TestClock.stoppedAt('2026-11-30T08:00:00Z'));

    const runner = instances[0].createQueryRunner();
    await runner.startTransaction();
    try {
      // Another instance in the middle of its round, holding the first reminder.
      await runner.query('SELECT booking_id FROM messaging.booking_reminder WHERE booking_id = $1 FOR UPDATE', [bookings[0].bookingId]);
      expect(await other.sendDue()).toBe(1);
      const recipients: Array<{ recipient: string }> = await instances[1].query(
        `SELECT recipient FROM messaging.outbound_mail WHERE recipient IN ('held@example.org', 'free@example.org')`,
      );
      expect(recipients).toEqual([{ recipient: 'free@example.org' }]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await other.sendDue()).toBe(1);
  });
});
