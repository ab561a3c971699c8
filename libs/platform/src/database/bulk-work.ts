import { AsyncLocalStorage } from 'node:async_hooks';

const bulk = new AsyncLocalStorage<true>();

/**
 * Runs `work` as bulk work: its statements move many bytes (a document's chunks) and nobody waits
 * on them interactively. The embedded database's one session then serves waiting interactive
 * statements (a citizen's booking) before the next bulk statement, so a 20 MB upload delays a
 * booking by at most the one chunk in flight, not by every chunk queued before it. On PostgreSQL,
 * where every caller has a session of its own, this changes nothing.
 */
export function asBulkWork<T>(work: () => Promise<T>): Promise<T> {
  return bulk.run(true, work);
}

/** Whether the caller runs inside `asBulkWork`. */
export function isBulkWork(): boolean {
  return bulk.getStore() === true;
}
