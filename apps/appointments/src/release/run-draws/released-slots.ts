import type { Office } from '../../office/office';
import { freeSlots, type CounterOccupancy } from '../../slots/free-slots';
import type { OfficeSchedule, SlotTime } from '../../slots/slot-schedule';
import type { WallClock } from '../../time/wall-clock';

/** One appointment the draw can give away: a counter's time at an office. */
export interface ReleasedSlot {
  id: string;
  officeId: string;
  counterId: string;
  start: number;
  end: number;
  clock: WallClock;
}

/**
 * The appointments a release gives away at one office: each counter's free time laid out back to
 * back in slots of the service's length, on the office's grid (the earliest start that fits comes
 * first, the next starts where it ends) — no two of them overlap on a counter.
 */
export function releasedSlots(
  office: Office,
  schedule: OfficeSchedule,
  candidates: readonly SlotTime[],
  occupancy: readonly CounterOccupancy[],
): ReleasedSlot[] {
  const released: ReleasedSlot[] = [];
  for (const counterId of office.counterIds) {
    let freeFrom = -Infinity;
    for (const slot of freeSlots(candidates, [counterId], occupancy)) {
      if (slot.start < freeFrom) continue;
      released.push({
        id: `${counterId}/${slot.start}`,
        officeId: office.id,
        counterId,
        start: slot.start,
        end: slot.end,
        clock: schedule.clock,
      });
      freeFrom = slot.end;
    }
  }
  return released;
}
