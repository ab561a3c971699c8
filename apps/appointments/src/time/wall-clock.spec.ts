import { isoDateOf, parseIsoDate, WallClock, weekdayOf } from './wall-clock';

const ms = (iso: string) => new Date(iso).getTime();

describe('the wall clock of a time zone', () => {
  const berlin = new WallClock('Europe/Berlin');

  it('finds one instant for an ordinary local time', () => {
    expect(berlin.instantsOf(parseIsoDate('2026-12-01')!, 8 * 60 + 15)).toEqual([ms('2026-12-01T08:15:00+01:00')]);
  });

  it('finds no instant for a local time the spring-forward change skips', () => {
    expect(berlin.instantsOf(parseIsoDate('2026-03-29')!, 2 * 60 + 30)).toEqual([]);
    expect(berlin.firstInstantOf(parseIsoDate('2026-03-29')!, 2 * 60 + 30)).toBeUndefined();
  });

  it('finds both instants, in order, for a local time the fall-back change repeats', () => {
    expect(berlin.instantsOf(parseIsoDate('2026-10-25')!, 2 * 60 + 30)).toEqual([
      ms('2026-10-25T02:30:00+02:00'),
      ms('2026-10-25T02:30:00+01:00'),
    ]);
  });

  it('reads 24:00 as the next midnight', () => {
    expect(berlin.instantsOf(parseIsoDate('2026-12-01')!, 1440)).toEqual([ms('2026-12-02T00:00:00+01:00')]);
  });

  it('gives the local date and minute of an instant', () => {
    const instant = ms('2026-12-01T23:30:00Z');
    expect(isoDateOf(berlin.localDay(instant))).toBe('2026-12-02');
    expect(berlin.minuteOfDay(instant)).toBe(30);
  });

  it('starts a day whose midnight is skipped when the clock resumes (Santiago)', () => {
    const santiago = new WallClock('America/Santiago');
    expect(santiago.format(santiago.startOf(parseIsoDate('2026-09-06')!))).toBe('2026-09-06T01:00:00-03:00');
    expect(santiago.format(santiago.startOf(parseIsoDate('2026-09-07')!))).toBe('2026-09-07T00:00:00-03:00');
  });

  it('shows the two wall-clock stretches of an interval across a change', () => {
    const day = parseIsoDate('2026-10-25')!;
    const dayStart = day * 86_400_000;
    const [first, second] = berlin.wallStretches(day, ms('2026-10-25T02:30:00+02:00'), ms('2026-10-25T02:30:00+01:00'));
    // 02:30 → 03:00 summer time, then 02:00 → 02:30 winter time (wall-clock values written as if UTC).
    expect(first).toEqual([ms('2026-10-25T02:30:00Z') - dayStart, ms('2026-10-25T03:00:00Z') - dayStart]);
    expect(second).toEqual([ms('2026-10-25T02:00:00Z') - dayStart, ms('2026-10-25T02:30:00Z') - dayStart]);
  });

  it('formats with the offset in force at the instant', () => {
    expect(berlin.format(ms('2026-12-01T07:15:00Z'))).toBe('2026-12-01T08:15:00+01:00');
    expect(berlin.format(ms('2026-07-01T06:15:00Z'))).toBe('2026-07-01T08:15:00+02:00');
  });

  it('refuses an unknown zone', () => {
    expect(() => new WallClock('Mars/Olympus_Mons')).toThrow('unknown time zone');
  });
});

describe('local dates', () => {
  it('names ISO weekdays', () => {
    expect(weekdayOf(parseIsoDate('2026-11-30')!)).toBe(1);
    expect(weekdayOf(parseIsoDate('2026-12-06')!)).toBe(7);
    expect(weekdayOf(parseIsoDate('1969-12-31')!)).toBe(3);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-01T00:00', ''])('refuses "%s" as a date', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });

  it('round-trips a date', () => {
    expect(isoDateOf(parseIsoDate('2028-02-29')!)).toBe('2028-02-29');
  });
});
