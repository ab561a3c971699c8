import { DateTime } from 'luxon';

/** Municipal users read times in German local time; the offset makes each one unambiguous. */
const TIME_ZONE = 'Europe/Berlin';

/** `2026-12-01T08:15:00+01:00` (API-CONVENTIONS.md: times with an offset); milliseconds only when `precise` (audit entries). */
export function apiTime(date: Date, precise?: boolean): string;
export function apiTime(date: Date | undefined, precise?: boolean): string | undefined;
export function apiTime(date: Date | undefined, precise = false): string | undefined {
  if (!date) return undefined;
  return DateTime.fromJSDate(date, { zone: TIME_ZONE }).toISO({ suppressMilliseconds: !precise }) ?? date.toISOString();
}

/** `27.11.2026, 11:15 Uhr` for documents people read. */
export function germanTime(date: Date): string {
  return `${DateTime.fromJSDate(date, { zone: TIME_ZONE }).setLocale('de').toFormat('dd.MM.yyyy, HH:mm:ss')} Uhr`;
}

export function germanDate(date: Date): string {
  return DateTime.fromJSDate(date, { zone: TIME_ZONE }).setLocale('de').toFormat('dd.MM.yyyy');
}
