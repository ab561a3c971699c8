import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RepeatingRound } from '@amtsweg/platform';
import { MessagingConfig } from '../../messaging.config';
import { DueReminders } from './due-reminders';

/** Runs DueReminders every BOOKING_REMINDER_INTERVAL_MS while the application runs. */
@Injectable()
export class DueRemindersScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly rounds: RepeatingRound;

  constructor(due: DueReminders, config: MessagingConfig) {
    this.rounds = new RepeatingRound(new Logger('DueRemindersScheduler'), { intervalMs: config.BOOKING_REMINDER_INTERVAL_MS }, () =>
      due.sendDue(),
    );
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.rounds.stop();
  }
}
