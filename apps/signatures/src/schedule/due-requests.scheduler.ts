import { Injectable, Optional } from '@nestjs/common';
import { Metrics, ScheduledRounds } from '@amtsweg/platform';
import { SignaturesConfig } from '../signatures.config';
import { DueRequests } from './due-requests';

/** Runs DueRequests every SIGNATURES_SCHEDULER_INTERVAL_MS while the application runs; one round at a time. */
@Injectable()
export class DueRequestsScheduler extends ScheduledRounds {
  constructor(
    private readonly due: DueRequests,
    config: SignaturesConfig,
    @Optional() metrics?: Metrics,
  ) {
    super({ name: 'due-signature-requests', intervalMs: config.SIGNATURES_SCHEDULER_INTERVAL_MS }, metrics);
  }

  protected runRound(): Promise<unknown> {
    return this.due.handleDue();
  }
}
