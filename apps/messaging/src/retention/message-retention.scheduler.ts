import { Injectable, Optional } from '@nestjs/common';
import { Metrics, ScheduledRounds } from '@amtsweg/platform';
import { MessagingConfig } from '../messaging.config';
import { MessageRetention } from './message-retention';

/** Runs MessageRetention every MESSAGE_RETENTION_INTERVAL_MS while the application runs. */
@Injectable()
export class MessageRetentionScheduler extends ScheduledRounds {
  constructor(
    private readonly retention: MessageRetention,
    config: MessagingConfig,
    @Optional() metrics?: Metrics,
  ) {
    super({ name: 'message-retention', intervalMs: config.MESSAGE_RETENTION_INTERVAL_MS }, metrics);
  }

  protected runRound(): Promise<unknown> {
    return this.retention.purge();
  }
}
