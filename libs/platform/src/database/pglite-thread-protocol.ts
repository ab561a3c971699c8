import type { PgShapedResult } from './pglite-statement';

/** What the worker is started with. `dataDir` undefined keeps the database in memory. */
export interface PGliteThreadOptions {
  dataDir?: string;
}

/** Ids count from 1; id 0 is the worker's one answer to being started. */
export type ThreadRequest = { id: number; text: string; values?: unknown[] } | { id: number; close: true };

export type ThreadReply = { id: number; result: PgShapedResult | 'open' | 'closed' } | { id: number; error: ErrorFields };

/** An error as it crosses the thread: its message and every plain field (`code` = SQLSTATE, `constraint`, `detail`, …). */
export type ErrorFields = { message: string } & Record<string, string | number>;

/**
 * PGlite's errors carry PostgreSQL's fields as properties, as `pg`'s do, and the services act on
 * them (postgres-errors.ts). The statement's parameters (a whole document, perhaps) stay behind.
 * Its file system throws plain objects (`{ name: 'ErrnoError', errno: 54 }`): their fields make the message.
 */
export function describeError(error: unknown): ErrorFields {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const fields: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  if (error instanceof Error) return { ...fields, name: error.name, message: error.message };
  const { name = 'error', ...rest } = fields;
  const details = Object.entries(rest).map(([key, value]) => `${key} ${value}`);
  return { ...fields, message: details.length > 0 ? `${name} (${details.join(', ')})` : String(name) };
}

/** The error again on this side, with the same fields, as TypeORM expects a driver's error. */
export function errorFrom({ message, ...fields }: ErrorFields): Error {
  return Object.assign(new Error(message), fields);
}
