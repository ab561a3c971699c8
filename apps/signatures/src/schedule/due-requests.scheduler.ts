import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SignaturesConfig } from '../signatures.config';
import { DueRequests } from './due-requests';

/** Runs DueRequests every SIGNATURES_SCHEDULER_INTERVAL_MS while the application runs; one round at a time. */
@Injectable()
export class DueRequestsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DueRequestsScheduler.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private running = false;

  constructor(
    private readonly due: DueRequests,
    private readonly config: SignaturesConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    // Soon after start: what fell due while the service was down is handled first.
    this.schedule(Math.min(1_000, this.config.SIGNATURES_SCHEDULER_INTERVAL_MS));
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
        .handleDue()
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn(`round failed, next one in ${this.config.SIGNATURES_SCHEDULER_INTERVAL_MS} ms: ${(error as Error)?.message ?? String(error)}`),
        )
        .finally(() => {
          this.round = undefined;
          this.schedule(this.config.SIGNATURES_SCHEDULER_INTERVAL_MS);
        });
    }, delayMs);
    this.timer.unref();
  }
}
