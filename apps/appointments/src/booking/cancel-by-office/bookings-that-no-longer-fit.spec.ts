import { WeeklyOpeningHours } from '../../office/opening-hours';
import type { OfficeSchedule } from '../../slots/slot-schedule';
import { isoDateOf, WallClock, type Weekday } from '../../time/wall-clock';
import { judgeFit, type StandingBooking } from './bookings-that-no-longer-fit';

const clock = new WallClock('Europe/Berlin');
/** Monday to Friday 08:00–12:00, closed on Wednesday 2 December 2026. */
const schedule: OfficeSchedule = {
  clock,
  gridMinutes: 15,
  openingHours: WeeklyOpeningHours.of(([1, 2, 3, 4, 5] as Weekday[]).map((weekday) => ({ weekday, opens: 480, closes: 720 }))),
  isClosedOn: (day) => isoDateOf(day) === '2026-12-02',
};
const at = (local: string, minutes = 30) => {
  const start = Date.parse(`${local}+01:00`);
  return { start, end: start + minutes * 60_000 };
};
const booking = (id: string, counterId: string, local: string, movable = true): StandingBooking => ({
  id,
  counterId,
  ...at(local),
  movable,
});

describe('which bookings a changed office leaves without a place', () => {
  it('keeps bookings that fit where they are, and moves those of a retired counter to a free one', () => {
    const judged = judgeFit({ counterIds: ['c1', 'c2'] }, schedule, [
      booking('a', 'c1', '2026-12-01T08:00:00'),
      booking('b', 'c3', '2026-12-01T08:00:00'),
      booking('c', 'c3', '2026-12-01T08:15:00'),
      booking('d', 'c3', '2026-12-01T09:00:00'),
    ]);
    // b takes c2; c overlaps a (c1) and b (c2): no counter free.
    expect(judged).toEqual({
      moves: [
        { bookingId: 'b', counterId: 'c2' },
        { bookingId: 'd', counterId: 'c1' },
      ],
      misfits: ['c'],
    });
  });

  it('calls off bookings on a closed day, outside the hours or running past closing', () => {
    const judged = judgeFit({ counterIds: ['c1'] }, schedule, [
      booking('closed', 'c1', '2026-12-02T09:00:00'),
      booking('evening', 'c1', '2026-12-01T13:00:00'),
      booking('past-closing', 'c1', '2026-12-01T11:45:00'),
      booking('fine', 'c1', '2026-12-01T11:30:00'),
    ]);
    expect(judged).toEqual({ moves: [], misfits: ['past-closing', 'evening', 'closed'] });
  });

  it('never calls off a booking already under way, and counts its counter as taken', () => {
    const judged = judgeFit({ counterIds: ['c1'] }, schedule, [
      booking('arrived', 'c1', '2026-12-01T13:00:00', false),
      booking('elsewhere', 'c2', '2026-12-01T13:00:00'),
    ]);
    expect(judged.misfits).toEqual(['elsewhere']);
  });

  it('leaves nothing standing at a deleted office but what is under way', () => {
    const judged = judgeFit({ counterIds: [] }, undefined, [
      booking('a', 'c1', '2026-12-01T08:00:00'),
      booking('arrived', 'c1', '2026-12-01T09:00:00', false),
    ]);
    expect(judged).toEqual({ moves: [], misfits: ['a'] });
  });
});
