import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RepeatingRound } from '@amtsweg/platform';
import { MessagingConfig } from '../messaging.config';
import { MessageRetention } from './message-retention';

/** Runs MessageRetention every MESSAGE_RETENTION_INTERVAL_MS while the application runs. */
@Injectable()
export class MessageRetentionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly rounds: RepeatingRound;

  constructor(retention: MessageRetention, config: MessagingConfig) {
    this.rounds = new RepeatingRound(new Logger('MessageRetentionScheduler'), { intervalMs: config.MESSAGE_RETENTION_INTERVAL_MS }, () =>
      retention.purge(),
    );
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.rounds.stop();
  }
}
