import { EventEmitter } from 'node:events';
import { isBulkWork } from './bulk-work';
import type { PgShapedResult } from './pglite-statement';
import type { StatementRunner } from './pglite-thread';

/**
 * A `pg`-shaped driver for TypeORM over one embedded PGlite.
 *
 * PGlite has exactly one session. TypeORM believes it has a pool, so every `connect()` here leases
 * that session to one caller until `release()`, and the other callers queue. This is what keeps
 * concurrent transactions (from several services sharing the process) from interleaving on the
 * one session — the failure mode that makes `typeorm-pglite` unfit (see STYLE.md).
 */
export class PGliteSession {
  private leased = false;
  private readonly waiting: Array<() => void> = [];
  /** Callers inside `asBulkWork`: served when no other caller waits, or after `maxOvertakes` others went first. */
  private readonly bulkWaiting: Array<() => void> = [];
  private overtakes = 0;

  constructor(
    readonly database: StatementRunner,
    private readonly maxOvertakes = 16,
  ) {}

  async lease(): Promise<LeasedConnection> {
    if (this.leased) await new Promise<void>((resolve) => (isBulkWork() ? this.bulkWaiting : this.waiting).push(resolve));
    this.leased = true;
    return new LeasedConnection(this.database, () => this.handBack());
  }

  private handBack(): void {
    // Bulk work yields to the others, but never for ever: a steady stream of bookings must not starve an upload.
    const bulkDue = this.bulkWaiting.length > 0 && (this.waiting.length === 0 || this.overtakes >= this.maxOvertakes);
    if (bulkDue) this.overtakes = 0;
    else if (this.bulkWaiting.length > 0) this.overtakes++;
    const next = bulkDue ? this.bulkWaiting.shift() : this.waiting.shift();
    if (next) next();
    else this.leased = false;
  }
}

type QueryCallback = (error: Error | null, result?: PgShapedResult) => void;

/** One lease of the session. Releasing twice is harmless; querying after release is a bug. */
export class LeasedConnection extends EventEmitter {
  private released = false;

  constructor(
    private readonly database: StatementRunner,
    private readonly onRelease: () => void,
  ) {
    super();
  }

  query(text: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<PgShapedResult> | void {
    const cb = typeof params === 'function' ? params : callback;
    const values = Array.isArray(params) ? params : undefined;
    const result = this.run(text, values);
    if (!cb) return result;
    result.then(
      (r) => cb(null, r),
      (e: Error) => cb(e),
    );
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }

  private async run(text: string, values?: unknown[]): Promise<PgShapedResult> {
    if (this.released) throw new Error('query on a released PGlite lease');
    return this.database.run(text, values);
  }
}

/** The object handed to TypeORM as `driver`: it only ever calls `new Pool(...)`. */
export function pgliteDriver(session: PGliteSession): unknown {
  class LeasePool extends EventEmitter {
    connect(callback?: (err: Error | null, connection?: LeasedConnection, release?: () => void) => void): Promise<LeasedConnection> | void {
      const leased = session.lease();
      if (!callback) return leased;
      leased.then(
        (c) => callback(null, c, () => c.release()),
        (e: Error) => callback(e),
      );
    }
    end(callback?: (err?: Error) => void): Promise<void> | void {
      // The session belongs to the process, not to one DataSource: closing is EmbeddedPostgres's job.
      if (callback) callback();
      else return Promise.resolve();
    }
  }
  return { Pool: LeasePool };
}
