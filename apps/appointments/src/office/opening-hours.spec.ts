import { formatMinutes, InvalidOpeningHoursError, parseClockTime, WeeklyOpeningHours } from './opening-hours';

describe('weekly opening hours', () => {
  it('keeps several intervals per weekday, in order', () => {
    const hours = WeeklyOpeningHours.of([
      { weekday: 2, opens: 14 * 60, closes: 18 * 60 },
      { weekday: 2, opens: 8 * 60, closes: 12 * 60 },
    ]);
    expect(hours.on(2)).toEqual([
      { opens: 480, closes: 720 },
      { opens: 840, closes: 1080 },
    ]);
    expect(hours.on(3)).toEqual([]);
    expect(hours.intervalAt(2, 900)).toEqual({ opens: 840, closes: 1080 });
    expect(hours.intervalAt(2, 720)).toBeUndefined();
  });

  it('accepts intervals that touch', () => {
    expect(() =>
      WeeklyOpeningHours.of([
        { weekday: 1, opens: 480, closes: 720 },
        { weekday: 1, opens: 720, closes: 780 },
      ]),
    ).not.toThrow();
  });

  it('refuses overlapping intervals of one weekday', () => {
    expect(() =>
      WeeklyOpeningHours.of([
        { weekday: 1, opens: 480, closes: 720 },
        { weekday: 1, opens: 700, closes: 800 },
      ]),
    ).toThrow(/08:00–12:00 and 11:40–13:20 on weekday 1 overlap/);
  });

  it('allows the same hours on different weekdays', () => {
    expect(() =>
      WeeklyOpeningHours.of([
        { weekday: 1, opens: 480, closes: 720 },
        { weekday: 2, opens: 480, closes: 720 },
      ]),
    ).not.toThrow();
  });

  it.each([
    [{ weekday: 1, opens: 720, closes: 720 }],
    [{ weekday: 1, opens: 800, closes: 700 }],
    [{ weekday: 1, opens: -10, closes: 700 }],
    [{ weekday: 1, opens: 0, closes: 1441 }],
    [{ weekday: 8, opens: 480, closes: 720 }],
  ])('refuses an interval that is no stretch of one day: %j', (interval) => {
    expect(() => WeeklyOpeningHours.of([interval as never])).toThrow(InvalidOpeningHoursError);
  });
});

describe('clock times', () => {
  it('reads HH:MM and HH:MM:SS, up to 24:00', () => {
    expect(parseClockTime('08:15')).toBe(495);
    expect(parseClockTime('08:15:00')).toBe(495);
    expect(parseClockTime('24:00:00')).toBe(1440);
    expect(formatMinutes(495)).toBe('08:15');
  });

  it.each(['8:15', '08:60', '24:01', '08:15:30', 'noon'])('refuses %s', (text) => {
    expect(() => parseClockTime(text)).toThrow(InvalidOpeningHoursError);
  });
});
