import { Clock } from '../clock/clock';

/**
 * The clock of a test. Stopped (`TestClock.stoppedAt`) it shows one instant until the test sets or
 * advances it; running (`TestClock.running`) it follows real time, shifted by what the test advanced,
 * for code that also waits on real timers (TOTP steps, scheduler rounds).
 */
export class TestClock extends Clock {
  private constructor(
    /** Epoch ms the clock is stopped at; undefined while it runs. */
    private stoppedMs: number | undefined,
    private offsetMs = 0,
  ) {
    super();
  }

  static stoppedAt(instant: Date | string): TestClock {
    return new TestClock(new Date(instant).getTime());
  }

  static running(): TestClock {
    return new TestClock(undefined);
  }

  /** A fresh Date each time: a caller that changes it cannot move the clock. */
  now(): Date {
    return new Date(this.stoppedMs ?? Date.now() + this.offsetMs);
  }

  /** Stops the clock at `instant` (a running clock stops too). */
  set(instant: Date | string): void {
    this.stoppedMs = new Date(instant).getTime();
  }

  /** Moves the clock by `ms` (negative: back), stopped or running. */
  advance(ms: number): void {
    if (this.stoppedMs === undefined) this.offsetMs += ms;
    else this.stoppedMs += ms;
  }
}
