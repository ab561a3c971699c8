import { parseClockTime, WeeklyOpeningHours, type OpeningIntervalOnDay } from '../office/opening-hours';
import { parseIsoDate, WallClock, type Weekday } from '../time/wall-clock';
import { checkSlotStart, slotsBetween, slotsOnDay, type OfficeSchedule } from './slot-schedule';

function hours(spec: Partial<Record<Weekday, string[]>>): WeeklyOpeningHours {
  const intervals: OpeningIntervalOnDay[] = [];
  for (const [weekday, ranges] of Object.entries(spec)) {
    for (const range of ranges ?? []) {
      const [opens, closes] = range.split('-');
      intervals.push({ weekday: Number(weekday) as Weekday, opens: parseClockTime(opens), closes: parseClockTime(closes) });
    }
  }
  return WeeklyOpeningHours.of(intervals);
}

function schedule(timeZone: string, gridMinutes: number, openingHours: WeeklyOpeningHours, closedDates: string[] = []): OfficeSchedule {
  const closed = new Set(closedDates.map((date) => parseIsoDate(date)));
  return { clock: new WallClock(timeZone), gridMinutes, openingHours, isClosedOn: (day) => closed.has(day) };
}

const EVERY_DAY = (range: string) => ({ 1: [range], 2: [range], 3: [range], 4: [range], 5: [range], 6: [range], 7: [range] });
const demoHours = hours({
  1: ['08:00-12:00'],
  2: ['08:00-12:00', '14:00-18:00'],
  3: ['08:00-12:00'],
  4: ['08:00-12:00', '14:00-18:00'],
  5: ['08:00-12:00'],
});

function day(schedule: OfficeSchedule, duration: number, date: string): string[] {
  return slotsOnDay(schedule, duration, parseIsoDate(date)!).map(
    (slot) => `${schedule.clock.format(slot.start)}/${schedule.clock.format(slot.end)}`,
  );
}

const ms = (iso: string) => new Date(iso).getTime();

describe('slots of an office', () => {
  const berlin = schedule('Europe/Berlin', 15, demoHours);

  it('starts every grid step from each opening, as long as the whole duration fits before closing', () => {
    const slots = day(berlin, 30, '2026-12-01');
    expect(slots).toHaveLength(30);
    expect(slots[0]).toBe('2026-12-01T08:00:00+01:00/2026-12-01T08:30:00+01:00');
    expect(slots[14]).toBe('2026-12-01T11:30:00+01:00/2026-12-01T12:00:00+01:00');
    expect(slots[15]).toBe('2026-12-01T14:00:00+01:00/2026-12-01T14:30:00+01:00');
    expect(slots[29]).toBe('2026-12-01T17:30:00+01:00/2026-12-01T18:00:00+01:00');
  });

  it('answers in the offset of the date: summer time in July', () => {
    expect(day(berlin, 15, '2026-07-01')[0]).toBe('2026-07-01T08:00:00+02:00/2026-07-01T08:15:00+02:00');
  });

  it('counts the grid from each opening, not from midnight', () => {
    const odd = schedule('Europe/Berlin', 15, hours({ 1: ['08:10-09:00'] }));
    expect(day(odd, 15, '2026-11-30').map((s) => s.slice(11, 16))).toEqual(['08:10', '08:25', '08:40']);
  });

  it('lists nothing on a weekend without hours, on a closed day or on a day with no interval long enough', () => {
    expect(day(berlin, 30, '2026-12-05')).toEqual([]);
    expect(day(schedule('Europe/Berlin', 15, demoHours, ['2026-12-01']), 30, '2026-12-01')).toEqual([]);
    expect(day(schedule('Europe/Berlin', 15, hours({ 1: ['08:00-08:20'] })), 30, '2026-11-30')).toEqual([]);
  });

  it('skips the wall-clock times the spring-forward change removes, and keeps every slot its full length', () => {
    const night = schedule('Europe/Berlin', 30, hours(EVERY_DAY('01:00-04:00')));
    expect(day(night, 30, '2026-03-29')).toEqual([
      '2026-03-29T01:00:00+01:00/2026-03-29T01:30:00+01:00',
      // 01:30 + 30 minutes is 03:00 summer time: the clock jumped, the appointment did not shrink.
      '2026-03-29T01:30:00+01:00/2026-03-29T03:00:00+02:00',
      '2026-03-29T03:00:00+02:00/2026-03-29T03:30:00+02:00',
      '2026-03-29T03:30:00+02:00/2026-03-29T04:00:00+02:00',
    ]);
  });

  it('lists a wall-clock time the fall-back change repeats once, at its first occurrence', () => {
    const night = schedule('Europe/Berlin', 30, hours(EVERY_DAY('01:00-04:00')));
    expect(day(night, 30, '2026-10-25')).toEqual([
      '2026-10-25T01:00:00+02:00/2026-10-25T01:30:00+02:00',
      '2026-10-25T01:30:00+02:00/2026-10-25T02:00:00+02:00',
      '2026-10-25T02:00:00+02:00/2026-10-25T02:30:00+02:00',
      '2026-10-25T02:30:00+02:00/2026-10-25T02:00:00+01:00',
      '2026-10-25T03:00:00+01:00/2026-10-25T03:30:00+01:00',
      '2026-10-25T03:30:00+01:00/2026-10-25T04:00:00+01:00',
    ]);
  });

  it('uses the hour the fall-back change repeats: a one-hour appointment at 02:30 summer time ends at 02:30 winter time', () => {
    const night = schedule('Europe/Berlin', 30, hours(EVERY_DAY('01:00-03:00')));
    expect(day(night, 60, '2026-10-25')).toEqual([
      '2026-10-25T01:00:00+02:00/2026-10-25T02:00:00+02:00',
      '2026-10-25T01:30:00+02:00/2026-10-25T02:30:00+02:00',
      '2026-10-25T02:00:00+02:00/2026-10-25T02:00:00+01:00',
      '2026-10-25T02:30:00+02:00/2026-10-25T02:30:00+01:00',
    ]);
  });

  it('does not let a slot run past a closing time that the spring-forward change skips', () => {
    // Closing at 02:30 on a day without 02:30 means closing when the clock jumps (02:00 → 03:00).
    const night = schedule('Europe/Berlin', 30, hours(EVERY_DAY('01:00-02:30')));
    expect(day(night, 30, '2026-03-29')).toEqual([
      '2026-03-29T01:00:00+01:00/2026-03-29T01:30:00+01:00',
      '2026-03-29T01:30:00+01:00/2026-03-29T03:00:00+02:00',
    ]);
  });

  it('handles a zone whose midnight the change skips (Santiago)', () => {
    const santiago = schedule('America/Santiago', 30, hours(EVERY_DAY('00:00-02:00')));
    expect(day(santiago, 30, '2026-09-06')).toEqual([
      '2026-09-06T01:00:00-03:00/2026-09-06T01:30:00-03:00',
      '2026-09-06T01:30:00-03:00/2026-09-06T02:00:00-03:00',
    ]);
  });

  it('lists between from (inclusive) and to (exclusive), across days', () => {
    const slots = slotsBetween(berlin, 30, ms('2026-12-01T11:30:00+01:00'), ms('2026-12-02T08:30:00+01:00'));
    expect(slots.map((slot) => berlin.clock.format(slot.start))).toEqual([
      '2026-12-01T11:30:00+01:00',
      '2026-12-01T14:00:00+01:00',
      ...Array.from({ length: 14 }, (_, i) => berlin.clock.format(ms('2026-12-01T14:15:00+01:00') + i * 15 * 60_000)),
      '2026-12-02T08:00:00+01:00',
      '2026-12-02T08:15:00+01:00',
    ]);
  });
});

describe('checking a requested start', () => {
  const berlin = schedule('Europe/Berlin', 15, demoHours, ['2026-12-02']);

  it('accepts a slot start given in any offset', () => {
    expect(checkSlotStart(berlin, 30, ms('2026-12-01T08:15:00+01:00'))).toBeUndefined();
    expect(checkSlotStart(berlin, 30, ms('2026-12-01T07:15:00Z'))).toBeUndefined();
  });

  it.each([
    ['off the grid', '2026-12-01T08:10:00+01:00', 'NOT_ON_GRID'],
    ['with seconds', '2026-12-01T08:15:30+01:00', 'NOT_ON_GRID'],
    ['with milliseconds', '2026-12-01T08:15:00.001+01:00', 'NOT_ON_GRID'],
    ['before opening', '2026-12-01T07:45:00+01:00', 'OUTSIDE_OPENING_HOURS'],
    ['in the lunch break', '2026-12-01T12:30:00+01:00', 'OUTSIDE_OPENING_HOURS'],
    ['ending after closing', '2026-12-01T11:45:00+01:00', 'OUTSIDE_OPENING_HOURS'],
    ['on a weekend', '2026-12-05T09:00:00+01:00', 'OUTSIDE_OPENING_HOURS'],
    ['on a closed day', '2026-12-02T09:00:00+01:00', 'OFFICE_CLOSED'],
  ])('refuses a start %s', (_what, start, rejection) => {
    expect(checkSlotStart(berlin, 30, ms(start))).toBe(rejection);
  });

  it('refuses the second occurrence of a repeated wall-clock time', () => {
    const night = schedule('Europe/Berlin', 30, hours(EVERY_DAY('01:00-04:00')));
    expect(checkSlotStart(night, 30, ms('2026-10-25T02:30:00+02:00'))).toBeUndefined();
    expect(checkSlotStart(night, 30, ms('2026-10-25T02:30:00+01:00'))).toBe('NOT_ON_GRID');
  });
});
