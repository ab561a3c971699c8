import { Logger, type LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { outsideContext } from '../context/correlation';
import { errorSummary } from '../logging/error-summary';
import type { CommitSignal } from './commit-signal';
import type { RoundMetrics } from './round-metrics';

export interface RoundSchedulerOptions {
  /** The round's `round` label on the metrics, e.g. `fair-booking`. */
  name: string;
  /** Where failed rounds are logged. Default: a Nest logger named after the round. */
  logger?: LoggerService;
  /** The fallback poll, from the end of one round to the start of the next. 0 turns the rounds off. */
  intervalMs: number;
  /**
   * From `start()` to the first round, which picks up what fell due while the process was down.
   * Default: `intervalMs`, at most a second.
   */
  firstRoundAfterMs?: number;
  /** From `wake()` to the extra round. Default 0. */
  wakeDelayMs?: number;
  /**
   * The wait after the n-th failed round in a row, instead of `intervalMs`; wakes do not shorten
   * it. Without it a failed round is followed as if it had succeeded.
   */
  backoffMs?: (failures: number) => number;
  /** Rounds also come right after each commit of a transaction marked with `signal`. */
  wakeOnCommit?: { dataSource: DataSource; signal: CommitSignal };
  metrics?: RoundMetrics;
}

/** One round of work. `closing` is aborted by `close()`: a long round may stop early then. */
export type Round = (closing: AbortSignal) => Promise<unknown>;

/**
 * A process's background work in rounds, one at a time: at start, after each `wake()` (or commit of
 * `wakeOnCommit`), and every `intervalMs` as the fallback for wakes that never come (another
 * instance's commit, work that fell due by the clock). A wake during a round asks for one more
 * round after it; several wakes make one round. A failed round is logged by error class and SQLSTATE
 * only (see `errorSummary`), counted, and the next one comes anyway.
 */
export class RoundScheduler {
  private readonly logger: LoggerService;
  private running = false;
  private closing = new AbortController();
  private timer?: NodeJS.Timeout;
  /** The round (or `exclusive` work) in progress. */
  private busy?: Promise<void>;
  private wokenDuringRound = false;
  private failures = 0;
  private stopListening?: () => void;

  constructor(
    private readonly options: RoundSchedulerOptions,
    private readonly round: Round,
  ) {
    this.logger = options.logger ?? new Logger(options.name);
    options.metrics?.declare(options.name);
  }

  get started(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running || this.options.intervalMs <= 0) return;
    this.running = true;
    this.closing = new AbortController();
    const { wakeOnCommit } = this.options;
    this.stopListening = wakeOnCommit?.signal.listen(wakeOnCommit.dataSource, () => this.wake());
    this.schedule(this.options.firstRoundAfterMs ?? Math.min(1_000, this.options.intervalMs));
  }

  /** Something is due now: a round soon, or one more right after the running one. Never waits. */
  wake(): void {
    if (!this.running) return;
    if (this.busy) {
      this.wokenDuringRound = true;
      return;
    }
    // While rounds fail, the backoff decides when the next comes.
    if (this.failures > 0 && this.options.backoffMs) return;
    this.schedule(this.options.wakeDelayMs ?? 0);
  }

  /**
   * Runs `work` in place of a round, after the running one, and starts no round until it has
   * finished; its error is the caller's (for a flush at shutdown). Works after `close()` too.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.busy) await this.busy;
    const result = work();
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.busy = settled;
    try {
      return await result;
    } finally {
      if (this.busy === settled) this.busy = undefined;
    }
  }

  /** No round starts after this; resolves when the round in progress has finished. */
  async close(): Promise<void> {
    this.running = false;
    this.stopListening?.();
    this.stopListening = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.closing.abort();
    while (this.busy) await this.busy;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    // A wake comes inside a request's or a consumer's context; the round belongs to none of them.
    this.timer = outsideContext(() => setTimeout(() => this.tick(), delayMs));
    // A pending round must not keep a finished process (or a test run) alive.
    this.timer.unref();
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.running) return;
    void this.exclusive(() => this.runRound()).then(() => {
      // A wake between the round's end and here has set the timer already.
      if (this.running && !this.timer) this.schedule(this.nextDelay());
    });
  }

  private nextDelay(): number {
    const woken = this.wokenDuringRound;
    this.wokenDuringRound = false;
    if (this.failures > 0 && this.options.backoffMs) return this.options.backoffMs(this.failures);
    return woken ? (this.options.wakeDelayMs ?? 0) : this.options.intervalMs;
  }

  private async runRound(): Promise<void> {
    const startedAt = performance.now();
    let failed = false;
    try {
      await this.round(this.closing.signal);
      if (this.failures > 0) this.logger.log(`rounds succeed again after ${this.failures} failed`);
      this.failures = 0;
    } catch (error) {
      failed = true;
      this.failures += 1;
      const next = this.options.backoffMs ? this.options.backoffMs(this.failures) : this.options.intervalMs;
      this.logger.warn(`round failed (${this.failures} in a row), next one in ${next} ms at the latest: ${errorSummary(error)}`);
    } finally {
      this.options.metrics?.observe(this.options.name, (performance.now() - startedAt) / 1_000, failed);
    }
  }
}
