import { Injectable, Logger, Optional } from '@nestjs/common';
import { Metrics, RoundScheduler, ScheduledRounds } from '@amtsweg/platform';
import { SignaturesConfig } from '../signatures.config';
import { DueRequests } from './due-requests';

/** Runs DueRequests every SIGNATURES_SCHEDULER_INTERVAL_MS while the application runs; one round at a time. */
@Injectable()
export class DueRequestsScheduler extends ScheduledRounds {
  protected readonly rounds: RoundScheduler;

  constructor(due: DueRequests, config: SignaturesConfig, @Optional() metrics?: Metrics) {
    super();
    this.rounds = new RoundScheduler(
      {
        name: 'due-signature-requests',
        logger: new Logger(DueRequestsScheduler.name),
        intervalMs: config.SIGNATURES_SCHEDULER_INTERVAL_MS,
        metrics: metrics?.rounds,
      },
      () => due.handleDue(),
    );
  }
}
