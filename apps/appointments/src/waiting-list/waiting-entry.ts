import { weekdayOf, MINUTE_MS, type WallClock, type Weekday } from '../time/wall-clock';

export const WAITING_ENTRY_STATUSES = ['waiting', 'offered', 'booked', 'lapsed', 'withdrawn'] as const;
/** waiting → offered → booked, or → lapsed when the offer went unanswered; withdrawn by the citizen. */
export type WaitingEntryStatus = (typeof WAITING_ENTRY_STATUSES)[number];

/** What suits a citizen: offices they can reach, weekdays, and a local time span the appointment must lie in. */
export interface WaitingPreferences {
  /** In the citizen's order of preference. */
  officeIds: string[];
  weekdays: Weekday[];
  /** Minutes after local midnight: the appointment starts at or after `earliestMinute` and ends by `latestMinute`. */
  earliestMinute: number;
  latestMinute: number;
}

export interface WaitingEntry extends WaitingPreferences {
  id: string;
  tenant: string;
  serviceId: string;
  citizenName: string;
  citizenEmail: string;
  manageTokenSha256: string;
  status: WaitingEntryStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** Whether the appointment [start, end) lies on a stated weekday inside the stated local time span. */
export function fitsPreferences(preferences: Omit<WaitingPreferences, 'officeIds'>, clock: WallClock, start: number, end: number): boolean {
  const weekday = weekdayOf(clock.localDay(start));
  const startMinute = clock.minuteOfDay(start);
  const endMinute = startMinute + (end - start) / MINUTE_MS;
  return preferences.weekdays.includes(weekday) && startMinute >= preferences.earliestMinute && endMinute <= preferences.latestMinute;
}
