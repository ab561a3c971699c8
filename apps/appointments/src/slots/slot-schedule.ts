import type { OpeningInterval, WeeklyOpeningHours } from '../office/opening-hours';
import { MINUTE_MS, weekdayOf, type LocalDay, type WallClock } from '../time/wall-clock';

/** What decides where slots may start at one office. */
export interface OfficeSchedule {
  clock: WallClock;
  gridMinutes: number;
  openingHours: WeeklyOpeningHours;
  /** Public holidays and the office's closures. */
  isClosedOn(day: LocalDay): boolean;
}

/** A slot in absolute time (epoch ms), `end` exclusive. */
export interface SlotTime {
  start: number;
  end: number;
}

/** Why a start time is no slot of the office, whatever the bookings. */
export type SlotRejection = 'NOT_ON_GRID' | 'OUTSIDE_OPENING_HOURS' | 'OFFICE_CLOSED';

/**
 * Slot starts are wall-clock times on the office's grid, counted from each interval's opening
 * (`opens + k × grid`), whose whole duration lies inside that interval on the same local day.
 * A time the spring-forward change skips is no slot; a time the fall-back change repeats is a
 * slot once, at its first occurrence. Duration is absolute time: a 30-minute slot is 30 minutes long.
 */
export function slotsOnDay(schedule: OfficeSchedule, durationMinutes: number, day: LocalDay): SlotTime[] {
  if (schedule.isClosedOn(day)) return [];
  const slots: SlotTime[] = [];
  for (const interval of schedule.openingHours.on(weekdayOf(day))) {
    for (let minute = interval.opens; minute < interval.closes; minute += schedule.gridMinutes) {
      const start = schedule.clock.firstInstantOf(day, minute);
      if (start === undefined) continue;
      const end = start + durationMinutes * MINUTE_MS;
      if (liesWithin(schedule, interval, day, start, end)) slots.push({ start, end });
    }
  }
  return slots.sort((a, b) => a.start - b.start);
}

/** Every slot whose start lies in [from, to), in order. */
export function slotsBetween(schedule: OfficeSchedule, durationMinutes: number, from: number, to: number): SlotTime[] {
  if (to <= from) return [];
  const slots: SlotTime[] = [];
  const lastDay = schedule.clock.localDay(to);
  for (let day = schedule.clock.localDay(from); day <= lastDay; day += 1) {
    for (const slot of slotsOnDay(schedule, durationMinutes, day)) {
      if (slot.start >= from && slot.start < to) slots.push(slot);
    }
  }
  return slots;
}

/** Undefined when `start` is a slot of the office (exactly when `slotsOnDay` lists it), else why not. */
export function checkSlotStart(schedule: OfficeSchedule, durationMinutes: number, start: number): SlotRejection | undefined {
  const { clock } = schedule;
  if (start % MINUTE_MS !== 0) return 'NOT_ON_GRID';
  const day = clock.localDay(start);
  const minute = clock.minuteOfDay(start);
  const interval = schedule.openingHours.intervalAt(weekdayOf(day), minute);
  if (!interval) return 'OUTSIDE_OPENING_HOURS';
  if ((minute - interval.opens) % schedule.gridMinutes !== 0) return 'NOT_ON_GRID';
  // The second occurrence of a repeated wall-clock time is no slot start (see slotsOnDay).
  if (clock.firstInstantOf(day, minute) !== start) return 'NOT_ON_GRID';
  if (!liesWithin(schedule, interval, day, start, start + durationMinutes * MINUTE_MS)) return 'OUTSIDE_OPENING_HOURS';
  if (schedule.isClosedOn(day)) return 'OFFICE_CLOSED';
  return undefined;
}

/**
 * Whether [start, end) lies inside one opening interval of a day the office is open — whatever the
 * grid: a booking made before the hours changed still fits if the office is open for all of it.
 */
export function openThroughout(schedule: OfficeSchedule, start: number, end: number): boolean {
  const day = schedule.clock.localDay(start);
  if (schedule.isClosedOn(day)) return false;
  const interval = schedule.openingHours.intervalAt(weekdayOf(day), schedule.clock.minuteOfDay(start));
  return interval !== undefined && liesWithin(schedule, interval, day, start, end);
}

/** Whether every instant of [start, end) shows a wall-clock time inside `interval` on `day`. */
function liesWithin(schedule: OfficeSchedule, interval: OpeningInterval, day: LocalDay, start: number, end: number): boolean {
  // Across a change the clock shows two stretches (a jump forward, or an hour again): both must fit.
  return schedule.clock
    .wallStretches(day, start, end)
    .every(([from, to]) => from >= interval.opens * MINUTE_MS && to <= interval.closes * MINUTE_MS);
}
