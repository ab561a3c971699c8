import { join } from 'node:path';
import { workerScript } from '../threads/worker-script';
import { Worker } from 'node:worker_threads';
import type { PgShapedResult } from './pglite-statement';
import { errorFrom, type PGliteThreadOptions, type ThreadReply, type ThreadRequest } from './pglite-thread-protocol';

/** Something that runs one statement and answers as `pg` would: what a lease of the session needs. */
export interface StatementRunner {
  run(text: string, values?: unknown[]): Promise<PgShapedResult>;
}

interface Pending {
  resolve(result: PgShapedResult | 'open' | 'closed'): void;
  reject(error: Error): void;
}

/**
 * The process's PGlite on a worker thread (pglite-thread.worker.ts). Each statement crosses as a
 * message (structured clone: Buffers arrive as Uint8Arrays, Dates as Dates) and its answer comes
 * back the same way; bytea values are made Buffers again here, as `pg` hands them.
 *
 * The thread keeps the process alive only while a statement is under way: an embedded database
 * nobody closed must not hold a finished process (or test run) open, as PGlite itself never did.
 */
export class PGliteThread implements StatementRunner {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the thread is gone, closed or crashed: every later statement fails with it. */
  private stopped?: Error;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.settle(reply));
    worker.on('error', (error) => this.stop(threadGone(`its thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.stop(threadGone(`its thread exited with code ${code}`)));
  }

  /** Starts the thread and resolves once PGlite is open there (a fresh data folder takes seconds). */
  static async start(options: PGliteThreadOptions = {}): Promise<PGliteThread> {
    const thread = new PGliteThread(new Worker(...threadScript(options)));
    try {
      await thread.expect(0);
    } catch (error) {
      await thread.worker.terminate();
      throw error;
    }
    return thread;
  }

  run(text: string, values?: unknown[]): Promise<PgShapedResult> {
    return this.send({ id: this.nextId++, text, values }).then((result) => asPgValues(result as PgShapedResult));
  }

  /** Closes PGlite after the statements already sent, then ends the thread. */
  async close(): Promise<void> {
    if (this.stopped) return;
    await this.send({ id: this.nextId++, close: true });
    this.stopped = threadGone('it was closed');
    await this.worker.terminate();
  }

  private send(request: ThreadRequest): Promise<PgShapedResult | 'open' | 'closed'> {
    if (this.stopped) return Promise.reject(this.stopped);
    const answer = this.expect(request.id);
    try {
      this.worker.postMessage(request);
    } catch (error) {
      // A value that cannot be cloned (a function, a symbol): this statement fails, the thread lives on.
      this.pending.delete(request.id);
      this.releaseIfIdle();
      return Promise.reject(error as Error);
    }
    return answer;
  }

  private expect(id: number): Promise<PgShapedResult | 'open' | 'closed'> {
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  private settle(reply: ThreadReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    this.releaseIfIdle();
    if ('error' in reply) pending.reject(errorFrom(reply.error));
    else pending.resolve(reply.result);
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const pending of this.pending.values()) pending.reject(reason);
    this.pending.clear();
  }

  private releaseIfIdle(): void {
    if (this.pending.size === 0) this.worker.unref();
  }
}

/**
 * The database is gone, not the statement wrong: SQLSTATE 08006 (connection failure), which
 * `isDatabaseUnavailable` reads as "try again later" (503), as with a lost server connection.
 */
function threadGone(why: string): Error {
  return Object.assign(new Error(`the embedded database is not available: ${why}`), { code: '08006' });
}

/**
 * Values as `pg` hands them: bytea crossed the thread as a Uint8Array and becomes a Buffer over the
 * same memory. A Date is rebuilt when it belongs to another realm than this module's (structured
 * clone makes it in the outer one; under jest each test file has its own `Date`, so `instanceof`
 * and `toBeInstanceOf(Date)` would fail on it); in a plain process nothing is copied.
 */
function asPgValues(result: PgShapedResult): PgShapedResult {
  for (const row of result.rows) {
    for (const [column, value] of Object.entries(row)) {
      if (value instanceof Uint8Array && !Buffer.isBuffer(value))
        row[column] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      else if (isForeignDate(value)) row[column] = new Date(value.getTime());
    }
  }
  return result;
}

function isForeignDate(value: unknown): value is Date {
  return (
    typeof value === 'object' && value !== null && !(value instanceof Date) && Object.prototype.toString.call(value) === '[object Date]'
  );
}

/** The thread's script beside this module (see workerScript), handed the PGlite options. */
function threadScript(options: PGliteThreadOptions): ConstructorParameters<typeof Worker> {
  const { filename, execArgv } = workerScript(join(__dirname, 'pglite-thread.worker'));
  return [filename, { workerData: options, execArgv }];
}
