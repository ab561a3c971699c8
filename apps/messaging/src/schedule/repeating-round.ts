import type { Logger } from '@nestjs/common';
import { sqlState } from '@amtsweg/platform';

/**
 * Runs `round` every `intervalMs` while started, one round at a time. A failed round is logged by
 * its SQLSTATE or error name only (database messages can quote row values: addresses, bodies),
 * and the next one comes anyway.
 */
export class RepeatingRound {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private running = false;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly round: () => Promise<unknown>,
  ) {}

  /** The first round comes soon after start: what fell due while the service was down goes first. */
  start(): void {
    this.running = true;
    this.schedule(Math.min(1_000, this.intervalMs));
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.round()
        .then(
          () => undefined,
          (error: unknown) =>
            this.logger.warn(
              `round failed: ${sqlState(error) ? `database error ${sqlState(error)}` : ((error as Error)?.name ?? 'error')}`,
            ),
        )
        .finally(() => {
          this.current = undefined;
          this.schedule(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
