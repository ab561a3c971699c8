import { types } from 'pg';

/**
 * Types both drivers hand back as the server's text, so that PGlite and `pg` agree:
 * int8 (20) and numeric (1700) as strings (no precision loss), date (1082) as 'YYYY-MM-DD'
 * (a calendar date has no time zone; turning it into a JS Date invents one).
 */
export const RAW_TEXT_TYPES = [20, 1700, 1082] as const;

const BYTEA = 17;

let installed = false;
export function installPgTypeParsers(): void {
  if (installed) return;
  installed = true;
  for (const oid of RAW_TEXT_TYPES) types.setTypeParser(oid, (value: string) => value);
}

/**
 * PGlite's parsers and serializers, agreeing with `pg`: the raw text types above, and bytea as a
 * Buffer. PGlite's own bytea codec goes through one JS string per byte (a 14 MB document took
 * ~1 GB of heap and seconds of garbage collection); Buffer's native hex does it in milliseconds.
 */
export function pgliteTypeCodecs(): {
  parsers: Record<number, (text: string) => unknown>;
  serializers: Record<number, (value: unknown) => string>;
} {
  return {
    parsers: {
      ...Object.fromEntries(RAW_TEXT_TYPES.map((oid) => [oid, (text: string) => text])),
      [BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex'),
    },
    serializers: { [BYTEA]: serializeBytea },
  };
}

/** The hex format (`\x…`), which PostgreSQL reads for any bytea input. */
function serializeBytea(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('bytea expects a Buffer or Uint8Array');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}
