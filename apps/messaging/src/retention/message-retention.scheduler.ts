import { Injectable, Logger, Optional } from '@nestjs/common';
import { Metrics, RoundScheduler, ScheduledRounds } from '@amtsweg/platform';
import { MessagingConfig } from '../messaging.config';
import { MessageRetention } from './message-retention';

/** Runs MessageRetention every MESSAGE_RETENTION_INTERVAL_MS while the application runs. */
@Injectable()
export class MessageRetentionScheduler extends ScheduledRounds {
  protected readonly rounds: RoundScheduler;

  constructor(retention: MessageRetention, config: MessagingConfig, @Optional() metrics?: Metrics) {
    super();
    this.rounds = new RoundScheduler(
      {
        name: 'message-retention',
        logger: new Logger(MessageRetentionScheduler.name),
        intervalMs: config.MESSAGE_RETENTION_INTERVAL_MS,
        metrics: metrics?.rounds,
      },
      () => retention.purge(),
    );
  }
}
