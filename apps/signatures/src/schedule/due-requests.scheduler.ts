import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RepeatingRound } from '@amtsweg/platform';
import { SignaturesConfig } from '../signatures.config';
import { DueRequests } from './due-requests';

/** Runs DueRequests every SIGNATURES_SCHEDULER_INTERVAL_MS while the application runs; one round at a time. */
@Injectable()
export class DueRequestsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly rounds: RepeatingRound;

  constructor(due: DueRequests, config: SignaturesConfig) {
    this.rounds = new RepeatingRound(new Logger(DueRequestsScheduler.name), { intervalMs: config.SIGNATURES_SCHEDULER_INTERVAL_MS }, () =>
      due.handleDue(),
    );
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.rounds.stop();
  }
}
