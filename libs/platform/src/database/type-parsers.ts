import { types } from 'pg';

/**
 * Types both drivers hand back as the server's text, so that PGlite and `pg` agree:
 * int8 (20) and numeric (1700) as strings (no precision loss), date (1082) as 'YYYY-MM-DD'
 * (a calendar date has no time zone; turning it into a JS Date invents one).
 */
export const RAW_TEXT_TYPES = [20, 1700, 1082] as const;

let installed = false;
export function installPgTypeParsers(): void {
  if (installed) return;
  installed = true;
  for (const oid of RAW_TEXT_TYPES) types.setTypeParser(oid, (value: string) => value);
}
