import { UUID_PATTERN } from '../ids/ids';
import { DomainError } from './problem';

/** One value of a cursor's sort key: how it is written into the cursor, and read back (undefined: not one we wrote). */
export interface CursorKey<T> {
  write(value: T): string;
  read(text: string): T | undefined;
}

/** An id (UUIDv7 ids are time-ordered, so an id alone can be the sort key). */
export const uuidKey: CursorKey<string> = {
  write: (id) => id,
  read: (text) => (UUID_PATTERN.test(text) ? text : undefined),
};

/** A moment as a JavaScript Date holds it (milliseconds), written as ISO 8601 UTC. */
export const instantKey: CursorKey<Date> = {
  write: (at) => at.toISOString(),
  read: (text) => {
    const at = new Date(text);
    // Only what `write` produces: `new Date` alone accepts far more ("1", "May 5").
    return !Number.isNaN(at.getTime()) && at.toISOString() === text ? at : undefined;
  },
};

/**
 * A `timestamptz` as PostgreSQL writes it as text (`2026-12-01 08:15:00.123456+00`): keeps the
 * microseconds that a Date would drop, so a keyset comparison in SQL neither skips nor repeats a row.
 */
export const postgresTimestampKey: CursorKey<string> = {
  write: (text) => text,
  read: (text) => (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)$/.test(text) ? text : undefined),
};

type CursorKeys<T extends readonly unknown[]> = { readonly [I in keyof T]: CursorKey<T[I]> };

/**
 * The opaque `cursor` of one keyset-paged list: base64url of the list's name and the sort key of the
 * page's last item. Decoding validates every part and the list's name, so a cursor of another list,
 * a cut or edited one, or anything else a client makes up is a 400, never a query.
 *
 * Validated, not signed: a cursor names only a position in a list that the query still filters by
 * tenant and caller, so a forged but well-formed one shows nothing the caller could not page to;
 * a signature would need a key shared by every replica and its rotation, for no protection gained.
 */
export class PageCursor<T extends readonly unknown[]> {
  constructor(
    /** Binds a cursor to its list: a cursor handed out by another list is refused. */
    private readonly list: string,
    private readonly keys: CursorKeys<T>,
  ) {}

  encode(values: T): string {
    const parts = this.keys.map((key, index) => (key as CursorKey<unknown>).write(values[index]));
    return Buffer.from(JSON.stringify([this.list, ...parts]), 'utf8').toString('base64url');
  }

  /** The sort key a cursor of this list carries; 400 `REQUEST.INVALID_CURSOR` naming `parameter` otherwise. */
  decode(cursor: string, parameter = 'cursor'): T {
    const values = this.read(cursor);
    if (values) return values;
    throw DomainError.badRequest('REQUEST.INVALID_CURSOR', `"${parameter}" is not a cursor this list handed out.`, [
      { field: parameter, message: 'unknown cursor' },
    ]);
  }

  private read(cursor: string): T | undefined {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(decoded) || decoded.length !== this.keys.length + 1 || decoded[0] !== this.list) return undefined;
    const values: unknown[] = [];
    for (const [index, key] of this.keys.entries()) {
      const text: unknown = decoded[index + 1];
      const value = typeof text === 'string' ? (key as CursorKey<unknown>).read(text) : undefined;
      if (value === undefined) return undefined;
      values.push(value);
    }
    // base64url decoding skips characters outside its alphabet: only the exact encoding of what we read is ours.
    return this.encode(values as unknown as T) === cursor ? (values as unknown as T) : undefined;
  }
}
