import { locale } from './i18n.js';

/** The calendar day (YYYY-MM-DD) an instant falls on in the office's time zone. */
export function localDay(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
  return parts; // en-CA formats as YYYY-MM-DD
}

/** The YYYY-MM-DD day `days` after (or before) `day`; calendar arithmetic in UTC, where every day has 24 hours. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** "Montag, 30. November 2026" for a YYYY-MM-DD day. Noon UTC keeps the date the same in every zone. */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** "08:15" in the office's time zone. */
export function formatTime(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(instant));
}

/** "Montag, 30. November 2026, 08:15–08:30". */
export function formatSlot(start: string, end: string, timeZone: string): string {
  return `${formatDay(localDay(start, timeZone))}, ${formatTime(start, timeZone)}–${formatTime(end, timeZone)}`;
}
