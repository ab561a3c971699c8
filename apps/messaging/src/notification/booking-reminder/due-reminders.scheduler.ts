import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { MessagingConfig } from '../../messaging.config';
import { RepeatingRound } from '../../schedule/repeating-round';
import { DueReminders } from './due-reminders';

/** Runs DueReminders every BOOKING_REMINDER_INTERVAL_MS while the application runs. */
@Injectable()
export class DueRemindersScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly rounds: RepeatingRound;

  constructor(due: DueReminders, config: MessagingConfig) {
    this.rounds = new RepeatingRound(new Logger('DueRemindersScheduler'), config.BOOKING_REMINDER_INTERVAL_MS, () => due.sendDue());
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.rounds.stop();
  }
}
