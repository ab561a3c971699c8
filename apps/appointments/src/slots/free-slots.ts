import type { SlotTime } from './slot-schedule';

/** A counter's time taken by an active booking. */
export interface CounterOccupancy {
  counterId: string;
  start: number;
  end: number;
}

export interface FreeSlot extends SlotTime {
  /** How many more bookings this start can take: counters with no overlapping active booking. */
  remaining: number;
}

/**
 * Slots that at least one counter can still take. `slots` sorted by start; `occupancy` in any order.
 * Occupancy of counters not in `counterIds` (no longer in service) takes nothing away.
 */
export function freeSlots(slots: readonly SlotTime[], counterIds: readonly string[], occupancy: readonly CounterOccupancy[]): FreeSlot[] {
  const counters = new Set(counterIds);
  const taken = occupancy.filter((o) => counters.has(o.counterId)).sort((a, b) => a.start - b.start);
  const longest = taken.reduce((max, o) => Math.max(max, o.end - o.start), 0);
  const free: FreeSlot[] = [];
  let first = 0;
  for (const slot of slots) {
    // Bookings that start this long before the slot cannot reach it, nor any later slot.
    while (first < taken.length && taken[first].start <= slot.start - longest) first += 1;
    const busy = new Set<string>();
    for (let i = first; i < taken.length && taken[i].start < slot.end; i += 1) {
      if (taken[i].end > slot.start) busy.add(taken[i].counterId);
    }
    const remaining = counters.size - busy.size;
    if (remaining > 0) free.push({ ...slot, remaining });
  }
  return free;
}
