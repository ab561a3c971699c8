import { Counter, Histogram, type Registry } from 'prom-client';

/** Seconds; from an outbox poll that finds nothing (~1 ms) to a retention purge of a large tenant. */
const ROUND_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120];

/**
 * Every RoundScheduler's rounds as Prometheus series, labelled by the round's name (a small, fixed
 * set: one per scheduler, and one relay per service). One per registry: `Metrics` holds it.
 */
export class RoundMetrics {
  private readonly duration: Histogram<'round'>;
  private readonly failed: Counter<'round'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'amtsweg_round_duration_seconds',
      help: 'Rounds of background work (outbox relay, mail dispatch, schedulers) from start to end, failed ones included.',
      labelNames: ['round'],
      buckets: ROUND_BUCKETS,
      registers: [registry],
    });
    this.failed = new Counter({
      name: 'amtsweg_rounds_failed_total',
      help: 'Rounds that ended in an error; the next one comes anyway.',
      labelNames: ['round'],
      registers: [registry],
    });
  }

  /** Shows a round's series from the first scrape on: "no failure" reads 0, not missing. */
  declare(round: string): void {
    this.duration.zero({ round });
    this.failed.inc({ round }, 0);
  }

  observe(round: string, seconds: number, failed: boolean): void {
    this.duration.observe({ round }, seconds);
    if (failed) this.failed.inc({ round });
  }
}
