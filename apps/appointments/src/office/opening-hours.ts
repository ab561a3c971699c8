import type { Weekday } from '../time/wall-clock';

/** One stretch of a weekday the office is open, in local wall-clock minutes: [opens, closes). */
export interface OpeningInterval {
  opens: number;
  /** Up to 1440 (24:00). */
  closes: number;
}

export interface OpeningIntervalOnDay extends OpeningInterval {
  weekday: Weekday;
}

export class InvalidOpeningHoursError extends Error {
  override readonly name = 'InvalidOpeningHoursError';
}

const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/**
 * An office's weekly opening hours: several intervals per weekday, each inside the day and none
 * overlapping another of the same day (the database enforces the same with an exclusion constraint).
 */
export class WeeklyOpeningHours {
  private constructor(private readonly byWeekday: ReadonlyMap<Weekday, readonly OpeningInterval[]>) {}

  static of(intervals: readonly OpeningIntervalOnDay[]): WeeklyOpeningHours {
    const byWeekday = new Map<Weekday, OpeningInterval[]>(WEEKDAYS.map((day) => [day, []]));
    for (const { weekday, opens, closes } of intervals) {
      if (!WEEKDAYS.includes(weekday)) throw new InvalidOpeningHoursError(`weekday ${weekday} is not 1 (Monday) … 7 (Sunday)`);
      if (!Number.isInteger(opens) || !Number.isInteger(closes) || opens < 0 || closes > 1440 || opens >= closes) {
        throw new InvalidOpeningHoursError(
          `interval ${formatMinutes(opens)}–${formatMinutes(closes)} on weekday ${weekday} is not a stretch within one day`,
        );
      }
      byWeekday.get(weekday)!.push({ opens, closes });
    }
    for (const [weekday, list] of byWeekday) {
      list.sort((a, b) => a.opens - b.opens);
      for (let i = 1; i < list.length; i += 1) {
        if (list[i].opens < list[i - 1].closes) {
          throw new InvalidOpeningHoursError(
            `intervals ${formatMinutes(list[i - 1].opens)}–${formatMinutes(list[i - 1].closes)} and ${formatMinutes(list[i].opens)}–${formatMinutes(list[i].closes)} on weekday ${weekday} overlap`,
          );
        }
      }
    }
    return new WeeklyOpeningHours(byWeekday);
  }

  on(weekday: Weekday): readonly OpeningInterval[] {
    return this.byWeekday.get(weekday) ?? [];
  }

  /** The interval of `weekday` that contains `minute`, if any. */
  intervalAt(weekday: Weekday, minute: number): OpeningInterval | undefined {
    return this.on(weekday).find((interval) => minute >= interval.opens && minute < interval.closes);
  }

  all(): OpeningIntervalOnDay[] {
    return WEEKDAYS.flatMap((weekday) => this.on(weekday).map((interval) => ({ weekday, ...interval })));
  }
}

/** `08:15` / `08:15:00` / `24:00` → minutes since midnight. */
export function parseClockTime(text: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) throw new InvalidOpeningHoursError(`"${text}" is not a time of day`);
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (minutes > 59 || seconds !== 0 || hours * 60 + minutes > 1440)
    throw new InvalidOpeningHoursError(`"${text}" is not a whole minute of a day`);
  return hours * 60 + minutes;
}

export function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
