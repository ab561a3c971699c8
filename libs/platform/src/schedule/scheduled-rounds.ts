import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Metrics } from '../metrics/metrics';
import { RoundScheduler, type RoundSchedulerOptions } from './round-scheduler';

/**
 * A service's timed rounds as a Nest provider: rounds from application bootstrap on (see
 * RoundScheduler); at module destroy none starts any more, and the one in progress is awaited.
 * Failed rounds are logged under the subclass's name.
 */
export abstract class ScheduledRounds implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly rounds: RoundScheduler;

  protected constructor(schedule: Omit<RoundSchedulerOptions, 'logger' | 'metrics'>, metrics?: Metrics) {
    this.rounds = new RoundScheduler({ ...schedule, logger: new Logger(this.constructor.name), metrics: metrics?.rounds }, (closing) =>
      this.runRound(closing),
    );
  }

  /** One round of the service's work. */
  protected abstract runRound(closing: AbortSignal): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.rounds.close();
  }
}
