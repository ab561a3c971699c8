import { DateTime, IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** A calendar date without a zone, counted in days since 1970-01-01 (day 0 was a Thursday). */
export type LocalDay = number;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export function weekdayOf(day: LocalDay): Weekday {
  return ((((day % 7) + 7 + 3) % 7) + 1) as Weekday;
}

export function isoDateOf(day: LocalDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → LocalDay, or undefined when it is no real date. */
export function parseIsoDate(text: string): LocalDay | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** The offsets around a local day: `before` until instant `at`, `after` from it (`at` = Infinity: no change). */
interface OffsetsNear {
  before: number;
  after: number;
  at: number;
}

/**
 * The clock on an office's wall: local dates and times of instants, and the instants at which a
 * local time occurs. Opening hours are wall-clock times, so around daylight-saving changes a local
 * time may occur never (spring forward) or twice (fall back); this class says which.
 * Instants are epoch milliseconds.
 *
 * Asking the zone for an offset is slow (~12 µs), so each local day asks twice, plus a binary
 * search on the two days a year when the offset changes nearby. This assumes no zone changes its
 * offset twice within four days, which holds for every real zone.
 */
export class WallClock {
  private readonly zone: IANAZone;
  private readonly nearDays = new Map<LocalDay, OffsetsNear>();

  constructor(readonly timeZone: string) {
    const zone = IANAZone.create(timeZone);
    if (!zone.isValid) throw new Error(`unknown time zone "${timeZone}"`);
    this.zone = zone;
  }

  /** The zone's offset from UTC at `instant`, in minutes. */
  offsetMinutes(instant: number): number {
    return this.zone.offset(instant);
  }

  localDay(instant: number): LocalDay {
    return Math.floor(this.wallMs(instant) / DAY_MS);
  }

  /** Minutes since local midnight (0…1439). */
  minuteOfDay(instant: number): number {
    const wall = this.wallMs(instant);
    return Math.floor((wall - Math.floor(wall / DAY_MS) * DAY_MS) / MINUTE_MS);
  }

  /**
   * The instants, in order, at which the wall clock shows `minute` (0…1440) on `day`: none when
   * the time is skipped, two when it repeats.
   */
  instantsOf(day: LocalDay, minute: number): number[] {
    const wall = day * DAY_MS + minute * MINUTE_MS;
    const { before, after, at } = this.offsetsNear(day);
    const instants: number[] = [];
    if (wall - before * MINUTE_MS < at) instants.push(wall - before * MINUTE_MS);
    if (wall - after * MINUTE_MS >= at && !instants.includes(wall - after * MINUTE_MS)) instants.push(wall - after * MINUTE_MS);
    return instants.sort((a, b) => a - b);
  }

  /** The first instant the wall clock shows `minute` on `day`, or undefined when that time is skipped. */
  firstInstantOf(day: LocalDay, minute: number): number | undefined {
    return this.instantsOf(day, minute)[0];
  }

  /**
   * The wall-clock stretches the instants [start, end) show, in milliseconds since the start of
   * `day` as a wall-clock date: one stretch, or two when the clock changes in between. For instants
   * within a day of `day`.
   */
  wallStretches(day: LocalDay, start: number, end: number): Array<[number, number]> {
    const { before, after, at } = this.offsetsNear(day);
    const dayStart = day * DAY_MS;
    const wall = (instant: number, offset: number) => instant + offset * MINUTE_MS - dayStart;
    if (end <= at) return [[wall(start, before), wall(end, before)]];
    if (start >= at) return [[wall(start, after), wall(end, after)]];
    return [
      [wall(start, before), wall(at, before)],
      [wall(at, after), wall(end, after)],
    ];
  }

  /** The first instant of `day` (local midnight, or the end of the gap when midnight is skipped). */
  startOf(day: LocalDay): number {
    const midnight = this.firstInstantOf(day, 0);
    if (midnight !== undefined) return midnight;
    return this.offsetsNear(day).at;
  }

  /** ISO 8601 with the zone's offset at that instant, e.g. `2026-12-01T08:15:00+01:00`. */
  format(instant: number): string {
    return DateTime.fromMillis(instant, { zone: this.timeZone }).toISO({ suppressMilliseconds: true }) as string;
  }

  private wallMs(instant: number): number {
    return instant + this.zone.offset(instant) * MINUTE_MS;
  }

  /** The offsets from a day before `day` to two days after it (instants of `day` and of slots starting on it lie there). */
  private offsetsNear(day: LocalDay): OffsetsNear {
    let near = this.nearDays.get(day);
    if (!near) {
      let low = (day - 1) * DAY_MS;
      let high = (day + 3) * DAY_MS;
      const before = this.zone.offset(low);
      const after = this.zone.offset(high);
      if (before === after) {
        near = { before, after, at: Infinity };
      } else {
        // The first minute showing the new offset: transitions fall on whole minutes.
        while (high - low > MINUTE_MS) {
          const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
          if (this.zone.offset(middle) === before) low = middle;
          else high = middle;
        }
        near = { before, after, at: high };
      }
      this.nearDays.set(day, near);
    }
    return near;
  }
}
