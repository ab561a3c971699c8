import { DomainError } from '@amtsweg/platform';
import { MINUTE_MS, weekdayOf, type WallClock, type Weekday } from '../time/wall-clock';

/** What suits a citizen: offices they can reach, weekdays, and a local time span the appointment must lie in. */
export interface StatedPreferences {
  /** In the citizen's order of preference. */
  officeIds: string[];
  weekdays: Weekday[];
  /** Minutes after local midnight: the appointment starts at or after `earliestMinute` and ends by `latestMinute`. */
  earliestMinute: number;
  latestMinute: number;
}

/**
 * A citizen's standing request — a waiting-list entry or a draw request: what suits them, who they
 * are, and the hash of the manage token that is their only key to it.
 */
export interface StatedRequest extends StatedPreferences {
  citizenName: string;
  citizenEmail: string;
  manageTokenSha256: string;
}

/** Whether the appointment [start, end) lies on a stated weekday inside the stated local time span. */
export function fitsPreferences(preferences: Omit<StatedPreferences, 'officeIds'>, clock: WallClock, start: number, end: number): boolean {
  const weekday = weekdayOf(clock.localDay(start));
  const startMinute = clock.minuteOfDay(start);
  const endMinute = startMinute + (end - start) / MINUTE_MS;
  return preferences.weekdays.includes(weekday) && startMinute >= preferences.earliestMinute && endMinute <= preferences.latestMinute;
}

/**
 * How well an appointment suits: 0 when it does not fit at all; otherwise 1 for the first-choice
 * office, 1/2 for the second, 1/3 for the third, …
 */
export function preferenceFit(preferences: StatedPreferences, officeId: string, clock: WallClock, start: number, end: number): number {
  const rank = preferences.officeIds.indexOf(officeId);
  if (rank < 0 || !fitsPreferences(preferences, clock, start, end)) return 0;
  return 1 / (rank + 1);
}

/** A time span that no appointment can fit in is a request that can never be met. */
export function assertTimeSpan(preferences: Pick<StatedPreferences, 'earliestMinute' | 'latestMinute'>): void {
  if (preferences.earliestMinute >= preferences.latestMinute) {
    throw DomainError.unprocessable('PREFERENCES.EMPTY_TIME_SPAN', '"latest" must lie after "earliest".', [
      { field: 'latest', message: 'must be after earliest' },
    ]);
  }
}
