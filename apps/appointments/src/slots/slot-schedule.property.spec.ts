import fc from 'fast-check';
import { DateTime } from 'luxon';
import { WeeklyOpeningHours, type OpeningInterval, type OpeningIntervalOnDay } from '../office/opening-hours';
import { MINUTE_MS, WallClock, type Weekday } from '../time/wall-clock';
import { checkSlotStart, slotsBetween, slotsOnDay, type OfficeSchedule, type SlotTime } from './slot-schedule';

/**
 * Slot arithmetic across daylight-saving changes, checked against luxon's own idea of local time
 * (not our WallClock). Zones: central Europe, Britain, the US east coast, the southern hemisphere,
 * a zone whose change skips midnight (Santiago), and one that shifts by half an hour (Lord Howe).
 */
const ZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'America/Santiago', 'Australia/Lord_Howe'];
const YEARS = [2026, 2027, 2031, 2035];
const STEP = 5 * MINUTE_MS;

/** Instants (to the hour) at which the zone's offset changes in the year. */
const transitions = new Map<string, number[]>();
function transitionsOf(zone: string, year: number): number[] {
  const key = `${zone}:${year}`;
  let found = transitions.get(key);
  if (!found) {
    found = [];
    const clock = new WallClock(zone);
    const HOUR = 60 * MINUTE_MS;
    const DAY = 24 * HOUR;
    for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += DAY) {
      if (clock.offsetMinutes(day) === clock.offsetMinutes(day + DAY)) continue;
      for (let t = day; t < day + DAY; t += HOUR) {
        if (clock.offsetMinutes(t) !== clock.offsetMinutes(t + HOUR)) found.push(t + HOUR);
      }
    }
    transitions.set(key, found);
  }
  return found;
}

const intervalsOfDay = fc.uniqueArray(fc.integer({ min: 0, max: 288 }), { minLength: 0, maxLength: 6 }).map((points) => {
  const sorted = points.sort((a, b) => a - b).map((p) => p * 5);
  const intervals: OpeningInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push({ opens: sorted[i], closes: sorted[i + 1] });
  return intervals;
});

/** Often an interval through the small hours, where the clocks change. */
const nightInterval = fc
  .record({ opens: fc.integer({ min: 0, max: 36 }), closes: fc.integer({ min: 24, max: 96 }) })
  .filter((i) => i.opens < i.closes)
  .map((i) => [{ opens: i.opens * 5, closes: i.closes * 5 }]);

const weeklyHours = fc
  .array(fc.oneof(intervalsOfDay, nightInterval), { minLength: 7, maxLength: 7 })
  .map((days) =>
    days.flatMap((intervals, i) => intervals.map((interval): OpeningIntervalOnDay => ({ weekday: (i + 1) as Weekday, ...interval }))),
  );

const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    year: fc.constantFrom(...YEARS),
    which: fc.nat(),
    hoursBefore: fc.integer({ min: 0, max: 48 }),
    minuteJitter: fc.integer({ min: 0, max: 59 }),
    lengthHours: fc.integer({ min: 1, max: 72 }),
    grid: fc.constantFrom(5, 10, 15, 20, 30, 60),
    gridsPerSlot: fc.integer({ min: 1, max: 6 }),
    intervals: weeklyHours,
    closedDayOffsets: fc.uniqueArray(fc.integer({ min: -2, max: 4 }), { maxLength: 2 }),
  })
  .map((s) => {
    const candidates = transitionsOf(s.zone, s.year);
    const transition = candidates[s.which % candidates.length];
    const from = transition - s.hoursBefore * 3_600_000 + s.minuteJitter * MINUTE_MS;
    const clock = new WallClock(s.zone);
    const closed = new Set(s.closedDayOffsets.map((offset) => clock.localDay(transition) + offset));
    const schedule: OfficeSchedule = {
      clock,
      gridMinutes: s.grid,
      openingHours: WeeklyOpeningHours.of(s.intervals),
      isClosedOn: (day) => closed.has(day),
    };
    return { ...s, schedule, duration: Math.min(s.grid * s.gridsPerSlot, 240), from, to: from + s.lengthHours * 3_600_000 };
  });

/** Local date and minute of day of an instant, by luxon (remembered: the runs revisit the same instants). */
const locals = new Map<string, { date: string; minute: number; weekday: Weekday }>();
function local(zone: string, instant: number): { date: string; minute: number; weekday: Weekday } {
  const key = `${zone}@${instant}`;
  let found = locals.get(key);
  if (!found) {
    const dt = DateTime.fromMillis(instant, { zone });
    found = { date: dt.toISODate()!, minute: dt.hour * 60 + dt.minute, weekday: dt.weekday as Weekday };
    locals.set(key, found);
  }
  return found;
}

/** The interval a slot starting at `start` belongs to, if its start is on that interval's grid. */
function intervalOf(s: { schedule: OfficeSchedule; zone: string }, start: number): OpeningInterval | undefined {
  const { minute, weekday } = local(s.zone, start);
  const interval = s.schedule.openingHours.intervalAt(weekday, minute);
  return interval && (minute - interval.opens) % s.schedule.gridMinutes === 0 ? interval : undefined;
}

/** Every 5 minutes of [start, end) shows a wall-clock time inside `interval` on the start's local date. */
function withinLocally(zone: string, interval: OpeningInterval, start: number, end: number): boolean {
  const { date } = local(zone, start);
  for (let t = start; t < end; t += STEP) {
    const here = local(zone, t);
    if (here.date !== date || here.minute < interval.opens || here.minute >= interval.closes) return false;
  }
  return true;
}

const isClosed = (s: { schedule: OfficeSchedule }, instant: number) => s.schedule.isClosedOn(s.schedule.clock.localDay(instant));

/**
 * The slots by brute force in absolute time: every 5-minute instant whose local time is on an
 * interval's grid, whose whole duration lies in that interval, and which is the first instant of
 * its local date showing that time.
 */
function oracle(s: { schedule: OfficeSchedule; zone: string; duration: number; from: number; to: number }): SlotTime[] {
  const seen = new Set<string>();
  const slots: SlotTime[] = [];
  for (let t = Math.ceil((s.from - 86_400_000) / STEP) * STEP; t < s.to; t += STEP) {
    const { date, minute } = local(s.zone, t);
    const key = `${date} ${minute}`;
    const first = !seen.has(key);
    seen.add(key);
    if (t < s.from || !first || isClosed(s, t)) continue;
    const interval = intervalOf(s, t);
    const end = t + s.duration * MINUTE_MS;
    if (interval && withinLocally(s.zone, interval, t, end)) slots.push({ start: t, end });
  }
  return slots;
}

describe('slots across daylight-saving changes (properties)', () => {
  it('every slot lies within opening hours in local time, on the grid, on an open day', () => {
    fc.assert(
      fc.property(scenario, (s) =>
        slotsBetween(s.schedule, s.duration, s.from, s.to).every((slot) => {
          const interval = intervalOf(s, slot.start);
          return interval !== undefined && withinLocally(s.zone, interval, slot.start, slot.end) && !isClosed(s, slot.start);
        }),
      ),
      { numRuns: 200 },
    );
  });

  it('every slot lasts exactly its duration in absolute time and starts in [from, to)', () => {
    fc.assert(
      fc.property(scenario, (s) =>
        slotsBetween(s.schedule, s.duration, s.from, s.to).every(
          (slot) => slot.end - slot.start === s.duration * MINUTE_MS && slot.start >= s.from && slot.start < s.to,
        ),
      ),
      { numRuns: 300 },
    );
  });

  it('lists no start twice and in order', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const starts = slotsBetween(s.schedule, s.duration, s.from, s.to).map((slot) => slot.start);
        return starts.every((start, i) => i === 0 || start > starts[i - 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('lists exactly the slots a brute-force walk through absolute time finds (nothing missing, nothing extra)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(slotsBetween(s.schedule, s.duration, s.from, s.to)).toEqual(oracle(s));
      }),
      { numRuns: 150 },
    );
  });

  it('accepts a requested start exactly when the slot list of its day has it', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 72 * 12 }), fc.boolean(), (s, steps, jitter) => {
        const start = s.from - (s.from % STEP) + steps * STEP + (jitter ? 30_000 : 0);
        const listed = slotsOnDay(s.schedule, s.duration, s.schedule.clock.localDay(start)).some((slot) => slot.start === start);
        return (checkSlotStart(s.schedule, s.duration, start) === undefined) === listed;
      }),
      { numRuns: 500 },
    );
  });
});
