import { DAY_MS, MINUTE_MS } from '../time/wall-clock';

export interface BookingWindowSettings {
  leadTimeMinutes: number;
  bookingWindowDays: number;
}

export type WindowRejection = 'IN_PAST' | 'INSIDE_LEAD_TIME' | 'BEYOND_WINDOW';

/** When, seen from `now`, a slot may start: not before the lead time, not after the window. */
export class BookingWindow {
  readonly earliestStart: number;
  readonly latestStart: number;

  constructor(
    readonly now: number,
    settings: BookingWindowSettings,
  ) {
    this.earliestStart = now + settings.leadTimeMinutes * MINUTE_MS;
    this.latestStart = now + settings.bookingWindowDays * DAY_MS;
  }

  check(start: number): WindowRejection | undefined {
    if (start < this.now) return 'IN_PAST';
    if (start > this.latestStart) return 'BEYOND_WINDOW';
    if (start < this.earliestStart) return 'INSIDE_LEAD_TIME';
    return undefined;
  }
}
