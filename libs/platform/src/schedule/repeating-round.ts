import type { LoggerService } from '@nestjs/common';
import { errorSummary } from '../logging/error-summary';

export interface RepeatingRoundOptions {
  /** Between rounds; 0 turns the rounds off. */
  intervalMs: number;
  /** After `wake()`: how soon the extra round comes. */
  wakeDelayMs?: number;
}

/**
 * A service's background work (due reminders, expiries, retention) every `intervalMs` while
 * started, one round at a time. A failed round is logged by error class and SQLSTATE only (see
 * `errorSummary`), and the next one comes anyway.
 */
export class RepeatingRound {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private running = false;
  private wokenDuringRound = false;

  constructor(
    private readonly logger: LoggerService,
    private readonly options: RepeatingRoundOptions,
    private readonly round: () => Promise<unknown>,
  ) {}

  /** The first round comes soon after start: what fell due while the service was down goes first. */
  start(): void {
    this.running = this.options.intervalMs > 0;
    this.schedule(Math.min(1_000, this.options.intervalMs));
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current;
  }

  /** Something fell due now: a round soon, or one more right after the running one. */
  wake(): void {
    if (this.current) this.wokenDuringRound = true;
    else this.schedule(this.options.wakeDelayMs ?? 0);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.wokenDuringRound = false;
      this.current = this.round()
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn(`round failed, next one in ${this.options.intervalMs} ms: ${errorSummary(error)}`),
        )
        .finally(() => {
          this.current = undefined;
          this.schedule(this.wokenDuringRound ? (this.options.wakeDelayMs ?? 0) : this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
