import { Logger, type LoggerService } from '@nestjs/common';
import { EmbeddedPostgres, openServiceDataSource } from '@amtsweg/platform';
import { waitFor } from '@amtsweg/eventing/testing';
import type { DataSource } from 'typeorm';
import { FairBookingScheduler } from '../../apps/appointments/src/fair-booking/fair-booking.scheduler';
import { DueRemindersScheduler } from '../../apps/messaging/src/notification/booking-reminder/due-reminders.scheduler';
import { MessageRetentionScheduler } from '../../apps/messaging/src/retention/message-retention.scheduler';
import { DueRequestsScheduler } from '../../apps/signatures/src/schedule/due-requests.scheduler';
import { LogCapture } from './log-capture';

const EMAIL = 'rosalinde.brettschneider@example.org';

interface Scheduler {
  onApplicationBootstrap(): void;
  onModuleDestroy(): Promise<void>;
}

describe("the schedulers' failed rounds in the log", () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;
  const logs = new LogCapture();

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    dataSource = await openServiceDataSource({ service: 'probe', entities: [], migrations: [] }, { kind: 'embedded', embedded });
    Logger.overrideLogger(logs.logger as LoggerService);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await embedded?.close();
  });

  /** A real query failing on a citizen's e-mail: PostgreSQL quotes the value in its message. */
  const failingQuery = async (): Promise<never> => {
    await dataSource.query('SELECT $1::uuid', [EMAIL]);
    throw new Error('the query was expected to fail');
  };

  it('name the SQLSTATE and the error class, never the row value the database quoted', async () => {
    await expect(failingQuery()).rejects.toThrow(EMAIL);
    const fast = 100;
    const schedulers: Scheduler[] = [
      new FairBookingScheduler(
        { lapseDue: failingQuery } as never,
        { offerFreeSlots: failingQuery } as never,
        { drawDue: failingQuery } as never,
        { eraseDue: failingQuery } as never,
        { APPOINTMENTS_SCHEDULER_INTERVAL_MS: fast } as never,
      ),
      new DueRequestsScheduler({ handleDue: failingQuery } as never, { SIGNATURES_SCHEDULER_INTERVAL_MS: fast } as never),
      new DueRemindersScheduler({ sendDue: failingQuery } as never, { BOOKING_REMINDER_INTERVAL_MS: fast } as never),
      new MessageRetentionScheduler({ purge: failingQuery } as never, { MESSAGE_RETENTION_INTERVAL_MS: fast } as never),
    ];
    const contexts = ['FairBookingScheduler', 'DueRequestsScheduler', 'DueRemindersScheduler', 'MessageRetentionScheduler'];
    for (const scheduler of schedulers) scheduler.onApplicationBootstrap();
    try {
      await waitFor(
        'a failed round of every scheduler',
        () =>
          new Set(
            logs
              .lines()
              .filter((line) => String(line.msg).includes('round failed'))
              .map((line) => line.context),
          ),
        (seen) => contexts.every((context) => seen.has(context)),
        { timeoutMs: 10_000 },
      );
    } finally {
      for (const scheduler of schedulers) await scheduler.onModuleDestroy();
    }

    expect(logs.raw.filter((line) => line.includes(EMAIL))).toEqual([]);
    const failed = logs.lines().filter((line) => String(line.msg).includes('round failed'));
    for (const context of contexts) expect(failed.find((line) => line.context === context)?.msg).toMatch(/QueryFailedError.*22P02/);
  });
});
