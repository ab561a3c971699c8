import { Injectable, Optional } from '@nestjs/common';
import { Metrics, ScheduledRounds } from '@amtsweg/platform';
import { MessagingConfig } from '../../messaging.config';
import { DueReminders } from './due-reminders';

/** Runs DueReminders every BOOKING_REMINDER_INTERVAL_MS while the application runs. */
@Injectable()
export class DueRemindersScheduler extends ScheduledRounds {
  constructor(
    private readonly due: DueReminders,
    config: MessagingConfig,
    @Optional() metrics?: Metrics,
  ) {
    super({ name: 'due-reminders', intervalMs: config.BOOKING_REMINDER_INTERVAL_MS }, metrics);
  }

  protected runRound(): Promise<unknown> {
    return this.due.sendDue();
  }
}
