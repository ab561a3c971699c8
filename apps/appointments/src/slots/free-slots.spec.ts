import { freeSlots } from './free-slots';

const MIN = 60_000;
const slot = (startMin: number, duration = 30) => ({ start: startMin * MIN, end: (startMin + duration) * MIN });
const busy = (counterId: string, startMin: number, duration = 30) => ({
  counterId,
  start: startMin * MIN,
  end: (startMin + duration) * MIN,
});

describe('free slots', () => {
  const counters = ['a', 'b'];
  const slots = [slot(0), slot(15), slot(30), slot(45), slot(60)];

  it('counts the counters with no overlapping booking', () => {
    const free = freeSlots(slots, counters, [busy('a', 15)]);
    expect(free.map((s) => [s.start / MIN, s.remaining])).toEqual([
      [0, 1],
      [15, 1],
      [30, 1],
      [45, 2],
      [60, 2],
    ]);
  });

  it('drops a slot no counter can take, and treats touching bookings as no overlap', () => {
    const free = freeSlots(slots, counters, [busy('a', 0), busy('b', 0)]);
    expect(free.map((s) => s.start / MIN)).toEqual([30, 45, 60]);
  });

  it('counts a counter once even when several bookings overlap the slot', () => {
    const free = freeSlots([slot(0, 60)], counters, [busy('a', 0, 15), busy('a', 30, 15)]);
    expect(free[0].remaining).toBe(1);
  });

  it('sees long bookings that started well before the slot', () => {
    const free = freeSlots([slot(300)], ['a'], [busy('a', 0, 15), busy('a', 100, 240)]);
    expect(free).toEqual([]);
  });

  it('ignores bookings of counters no longer in service', () => {
    expect(freeSlots([slot(0)], ['a'], [busy('gone', 0)])[0].remaining).toBe(1);
  });
});
