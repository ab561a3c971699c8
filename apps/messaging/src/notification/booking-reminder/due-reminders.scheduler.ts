import { Injectable, Logger, Optional } from '@nestjs/common';
import { Metrics, RoundScheduler, ScheduledRounds } from '@amtsweg/platform';
import { MessagingConfig } from '../../messaging.config';
import { DueReminders } from './due-reminders';

/** Runs DueReminders every BOOKING_REMINDER_INTERVAL_MS while the application runs. */
@Injectable()
export class DueRemindersScheduler extends ScheduledRounds {
  protected readonly rounds: RoundScheduler;

  constructor(due: DueReminders, config: MessagingConfig, @Optional() metrics?: Metrics) {
    super();
    this.rounds = new RoundScheduler(
      {
        name: 'due-reminders',
        logger: new Logger(DueRemindersScheduler.name),
        intervalMs: config.BOOKING_REMINDER_INTERVAL_MS,
        metrics: metrics?.rounds,
      },
      () => due.sendDue(),
    );
  }
}
