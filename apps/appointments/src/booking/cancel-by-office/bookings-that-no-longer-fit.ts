import type { Office } from '../../office/office';
import { openThroughout, type OfficeSchedule } from '../../slots/slot-schedule';

/** A booking that still takes counter time at an office, as the judgement below needs it. */
export interface StandingBooking {
  id: string;
  counterId: string;
  start: number;
  end: number;
  /** Arrived citizens are at the counter: never moved, never called off. */
  movable: boolean;
}

export interface FitJudgement {
  /** Bookings that keep their time but move to a counter still in service. */
  moves: Array<{ bookingId: string; counterId: string }>;
  /** Bookings the office, as it is now, has no room for: closed, outside its hours, or no counter free. */
  misfits: string[];
}

/**
 * Which bookings an office's new hours, closures or counters leave without a place. A booking fits
 * while the office is open for all of it and one of its counters in service is free for it: first
 * every booking stays where it is, then those on a retired counter take a free one, earliest first.
 * `schedule` undefined: the office is gone, nothing fits.
 */
export function judgeFit(
  office: Pick<Office, 'counterIds'>,
  schedule: OfficeSchedule | undefined,
  bookings: readonly StandingBooking[],
): FitJudgement {
  const moves: FitJudgement['moves'] = [];
  const misfits: string[] = [];
  if (!schedule) return { moves, misfits: bookings.filter((b) => b.movable).map((b) => b.id) };
  const taken = new Map<string, Array<{ start: number; end: number }>>(office.counterIds.map((id) => [id, []]));
  const homeless: StandingBooking[] = [];
  for (const booking of [...bookings].sort((a, b) => a.start - b.start || a.id.localeCompare(b.id))) {
    if (booking.movable && !openThroughout(schedule, booking.start, booking.end)) misfits.push(booking.id);
    else if (taken.has(booking.counterId)) taken.get(booking.counterId)!.push(booking);
    else if (booking.movable) homeless.push(booking);
  }
  for (const booking of homeless) {
    const free = office.counterIds.find((id) => taken.get(id)!.every((other) => other.end <= booking.start || other.start >= booking.end));
    if (free === undefined) {
      misfits.push(booking.id);
      continue;
    }
    taken.get(free)!.push(booking);
    moves.push({ bookingId: booking.id, counterId: free });
  }
  return { moves, misfits };
}
