import type { LoggerService } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { currentContext, runInContext } from '../context/correlation';
import { CommitSignal } from './commit-signal';
import { RoundMetrics } from './round-metrics';
import { RoundScheduler, type Round, type RoundSchedulerOptions } from './round-scheduler';

/** Records every line by level. */
class RecordingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: string }> = [];
  log(message: string) {
    this.lines.push({ level: 'log', message });
  }
  warn(message: string) {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string) {
    this.lines.push({ level: 'error', message });
  }
}

const scripted: ScriptedRound[] = [];

/** A round the test ends by hand, recording when each started and how many ran at once. */
class ScriptedRound {
  readonly startedAt: number[] = [];
  readonly signals: AbortSignal[] = [];
  mostAtOnce = 0;
  private running = 0;
  private pending: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  constructor() {
    scripted.push(this);
  }

  readonly run: Round = (closing) => {
    this.startedAt.push(Date.now());
    this.signals.push(closing);
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.running);
    return new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject })).finally(() => this.running--);
  };

  /** Ends whatever still runs (after a test). */
  finishAll(): void {
    for (const { resolve } of this.pending.splice(0)) resolve();
  }

  async finish(): Promise<void> {
    this.pending.shift()?.resolve();
    await jest.advanceTimersByTimeAsync(0);
  }

  async fail(error: unknown): Promise<void> {
    this.pending.shift()?.reject(error);
    await jest.advanceTimersByTimeAsync(0);
  }
}

/** What PostgreSQL raises for `SELECT 'anna@example.org'::uuid`: the message quotes the value. */
function queryFailed(): Error {
  return Object.assign(new Error('invalid input syntax for type uuid: "anna.beispiel@example.org"'), {
    name: 'QueryFailedError',
    driverError: { code: '22P02', message: 'invalid input syntax for type uuid: "anna.beispiel@example.org"' },
  });
}

describe('RoundScheduler', () => {
  let scheduler: RoundScheduler | undefined;
  const logger = new RecordingLogger();

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    logger.lines.length = 0;
  });
  afterEach(async () => {
    for (const round of scripted.splice(0)) round.finishAll();
    await scheduler?.close();
    scheduler = undefined;
    jest.useRealTimers();
  });

  function started(round: Round, options: Partial<RoundSchedulerOptions> = {}): RoundScheduler {
    scheduler = new RoundScheduler({ name: 'probe', logger, intervalMs: 1_000, ...options }, round);
    scheduler.start();
    return scheduler;
  }

  it('runs the first round after firstRoundAfterMs, by default after the interval but within a second', async () => {
    const firstRound = async (options: Partial<RoundSchedulerOptions>): Promise<number> => {
      const startedAt: number[] = [];
      const begin = Date.now();
      const rounds = started(async () => void startedAt.push(Date.now() - begin), options);
      await jest.advanceTimersByTimeAsync(5_000);
      await rounds.close();
      return startedAt[0];
    };
    expect(await firstRound({ intervalMs: 300 })).toBe(300);
    expect(await firstRound({ intervalMs: 60_000 })).toBe(1_000);
    expect(await firstRound({ intervalMs: 60_000, firstRoundAfterMs: 0 })).toBe(0);
  });

  it('polls intervalMs after the end of each round, as the fallback for wakes that never come', async () => {
    const round = new ScriptedRound();
    started(round.run, { intervalMs: 1_000, firstRoundAfterMs: 0 });
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(250); // the round takes 250 ms
    await round.finish();
    await jest.advanceTimersByTimeAsync(999);
    expect(round.startedAt).toEqual([0]);
    await jest.advanceTimersByTimeAsync(1);
    expect(round.startedAt).toEqual([0, 1_250]);
    await round.finish();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(round.startedAt).toEqual([0, 1_250, 2_250]);
  });

  it('runs no round at all with intervalMs 0, not even when woken', async () => {
    const round = new ScriptedRound();
    const rounds = started(round.run, { intervalMs: 0 });
    rounds.wake();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(round.startedAt).toEqual([]);
    expect(rounds.started).toBe(false);
  });

  it('makes one round of several wakes while idle, and exactly one more of several wakes during a round', async () => {
    const round = new ScriptedRound();
    const rounds = started(round.run, { intervalMs: 60_000, wakeDelayMs: 50 });
    await jest.advanceTimersByTimeAsync(1_000);
    await round.finish();
    expect(round.startedAt).toEqual([1_000]);

    rounds.wake();
    await jest.advanceTimersByTimeAsync(20);
    rounds.wake();
    rounds.wake();
    await jest.advanceTimersByTimeAsync(49);
    expect(round.startedAt).toEqual([1_000]);
    await jest.advanceTimersByTimeAsync(1);
    expect(round.startedAt).toEqual([1_000, 1_070]);

    rounds.wake();
    rounds.wake();
    rounds.wake();
    await jest.advanceTimersByTimeAsync(500);
    expect(round.startedAt).toHaveLength(2); // never two at once
    await round.finish();
    await jest.advanceTimersByTimeAsync(50);
    expect(round.startedAt).toEqual([1_000, 1_070, 1_620]);
    await round.finish();
    await jest.advanceTimersByTimeAsync(59_999);
    expect(round.startedAt).toHaveLength(3);
    expect(round.mostAtOnce).toBe(1);
  });

  it('runs a round woken inside a request outside that request’s context', async () => {
    jest.useRealTimers(); // fake timers would call back in the test's context whatever the scheduler did
    const contexts: unknown[] = [];
    const ran = () => new Promise((resolve) => setTimeout(resolve, 20));
    const rounds = started(async () => void contexts.push(currentContext()), { intervalMs: 60_000, firstRoundAfterMs: 0 });
    await ran();
    runInContext({ correlationId: 'the-request' }, () => rounds.wake());
    await ran();
    expect(contexts).toEqual([undefined, undefined]);
  });

  it('backs off while rounds fail, lets no wake shorten the backoff, and polls again after a success', async () => {
    const round = new ScriptedRound();
    const rounds = started(round.run, { intervalMs: 20, firstRoundAfterMs: 0, backoffMs: (failures) => 100 * 2 ** (failures - 1) });
    await jest.advanceTimersByTimeAsync(0);
    await round.fail(queryFailed());
    await jest.advanceTimersByTimeAsync(100);
    await round.fail(queryFailed());
    rounds.wake();
    await jest.advanceTimersByTimeAsync(199);
    expect(round.startedAt).toEqual([0, 100]);
    await jest.advanceTimersByTimeAsync(1);
    expect(round.startedAt).toEqual([0, 100, 300]);
    await round.finish();
    await jest.advanceTimersByTimeAsync(20);
    expect(round.startedAt).toEqual([0, 100, 300, 320]);
    expect(logger.lines.filter((line) => line.level === 'log').map((line) => line.message)).toEqual([
      'rounds succeed again after 2 failed',
    ]);
  });

  it('without a backoff follows a failed round as a successful one, and a wake still comes at once', async () => {
    const round = new ScriptedRound();
    const rounds = started(round.run, { intervalMs: 1_000, firstRoundAfterMs: 0 });
    await jest.advanceTimersByTimeAsync(0);
    await round.fail(queryFailed());
    await jest.advanceTimersByTimeAsync(1_000);
    expect(round.startedAt).toEqual([0, 1_000]);
    await round.fail(queryFailed());
    rounds.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(round.startedAt).toEqual([0, 1_000, 1_000]);
  });

  it('logs a failed round by error class and SQLSTATE only, and counts it by round name', async () => {
    const registry = new Registry();
    const round = new ScriptedRound();
    started(round.run, { name: 'due-reminders', intervalMs: 1_000, firstRoundAfterMs: 0, metrics: new RoundMetrics(registry) });
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(30);
    await round.fail(queryFailed());
    await jest.advanceTimersByTimeAsync(1_000);
    await round.finish();

    expect(logger.lines).toEqual([
      { level: 'warn', message: 'round failed (1 in a row), next one in 1000 ms at the latest: QueryFailedError (code 22P02)' },
      { level: 'log', message: 'rounds succeed again after 1 failed' },
    ]);
    const exposition = await registry.metrics();
    expect(exposition).toContain('amtsweg_rounds_failed_total{round="due-reminders"} 1');
    expect(exposition).toContain('amtsweg_round_duration_seconds_count{round="due-reminders"} 2');
    expect(exposition).toContain('amtsweg_round_duration_seconds_sum{round="due-reminders"} 0.03');
    expect(exposition).not.toContain('anna.beispiel');
  });

  it('shows a round’s series at 0 before its first round', async () => {
    const registry = new Registry();
    started(new ScriptedRound().run, { name: 'message-retention', metrics: new RoundMetrics(registry) });
    const exposition = await registry.metrics();
    expect(exposition).toContain('amtsweg_rounds_failed_total{round="message-retention"} 0');
    expect(exposition).toContain('amtsweg_round_duration_seconds_count{round="message-retention"} 0');
  });

  it('on close awaits the running round, tells it so, and starts no round after it', async () => {
    const round = new ScriptedRound();
    const rounds = started(round.run, { intervalMs: 100, firstRoundAfterMs: 0 });
    await jest.advanceTimersByTimeAsync(0);
    let closed = false;
    const closing = rounds.close().then(() => (closed = true));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(closed).toBe(false);
    expect(round.signals[0].aborted).toBe(true);

    rounds.wake();
    await round.finish();
    await closing;
    expect(closed).toBe(true);
    rounds.wake();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(round.startedAt).toEqual([0]);
  });

  it('runs exclusive work after the running round, holds the next round back meanwhile, and hands it its error', async () => {
    const round = new ScriptedRound();
    const rounds = started(round.run, { intervalMs: 100, firstRoundAfterMs: 0 });
    await jest.advanceTimersByTimeAsync(0);
    const work = new ScriptedRound();
    const flushed = rounds.exclusive(() => work.run(new AbortController().signal));
    const failed = expect(flushed).rejects.toThrow('broker unreachable');
    await jest.advanceTimersByTimeAsync(50);
    expect(work.startedAt).toEqual([]);
    await round.finish();
    expect(work.startedAt).toEqual([50]);
    await jest.advanceTimersByTimeAsync(500); // the poll is due, and waits
    expect(round.startedAt).toEqual([0]);
    await work.fail(new Error('broker unreachable'));
    await failed;
    expect(round.startedAt).toEqual([0, 550]); // the poll that fell due meanwhile, right after

    expect(round.mostAtOnce).toBe(1);
  });

  it('wakes on each commit of a transaction marked with its signal while started', async () => {
    const signal = new CommitSignal('probe.written');
    const dataSource = { subscribers: [] as EntitySubscriberInterface[] } as unknown as DataSource;
    const commit = (marked: boolean) => {
      const queryRunner = { data: {}, isTransactionActive: false } as unknown as QueryRunner;
      if (marked) signal.mark(queryRunner);
      for (const subscriber of dataSource.subscribers) subscriber.afterTransactionCommit?.({ queryRunner } as TransactionCommitEvent);
    };
    const round = new ScriptedRound();
    const rounds = started(round.run, { intervalMs: 60_000, wakeOnCommit: { dataSource, signal } });
    await jest.advanceTimersByTimeAsync(1_000);
    await round.finish();

    commit(false);
    await jest.advanceTimersByTimeAsync(0);
    expect(round.startedAt).toEqual([1_000]);
    commit(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(round.startedAt).toEqual([1_000, 1_000]);
    await round.finish();

    await rounds.close();
    expect(dataSource.subscribers).toEqual([]);
    commit(true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(round.startedAt).toHaveLength(2);
  });
});
