import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { RoundScheduler } from './round-scheduler';

/**
 * A service's RoundScheduler as a Nest provider: rounds from application bootstrap on; at module
 * destroy none starts any more, and the one in progress is awaited.
 */
export abstract class ScheduledRounds implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly rounds: RoundScheduler;

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.rounds.close();
  }
}
