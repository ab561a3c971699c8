import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { sqlState } from '@amtsweg/platform';
import { MessagingConfig } from '../../messaging.config';
import { DueReminders } from './due-reminders';

/** Runs DueReminders every BOOKING_REMINDER_INTERVAL_MS while the application runs; one round at a time. */
@Injectable()
export class DueRemindersScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DueRemindersScheduler');
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private running = false;

  constructor(
    private readonly due: DueReminders,
    private readonly config: MessagingConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    // Soon after start: what fell due while the service was down goes out first.
    this.schedule(Math.min(1_000, this.config.BOOKING_REMINDER_INTERVAL_MS));
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.round = this.due
        .sendDue()
        .then(
          () => undefined,
          // Database messages can quote row values (addresses): the SQLSTATE only.
          (error: unknown) => this.logger.warn(`round failed: ${sqlState(error) ?? (error as Error)?.name ?? 'error'}`),
        )
        .finally(() => {
          this.round = undefined;
          this.schedule(this.config.BOOKING_REMINDER_INTERVAL_MS);
        });
    }, delayMs);
    this.timer.unref();
  }
}
