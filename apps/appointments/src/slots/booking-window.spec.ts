import { BookingWindow } from './booking-window';

const ms = (iso: string) => new Date(iso).getTime();

describe('the booking window', () => {
  const window = new BookingWindow(ms('2026-11-30T09:00:00+01:00'), { leadTimeMinutes: 60, bookingWindowDays: 60 });

  it('opens after the lead time and closes after the window', () => {
    expect(window.check(ms('2026-11-30T10:00:00+01:00'))).toBeUndefined();
    expect(window.check(ms('2027-01-29T09:00:00+01:00'))).toBeUndefined();
  });

  it.each([
    ['2026-11-30T08:59:00+01:00', 'IN_PAST'],
    ['2026-11-30T09:59:00+01:00', 'INSIDE_LEAD_TIME'],
    ['2026-11-30T09:00:00+01:00', 'INSIDE_LEAD_TIME'],
    ['2027-01-29T09:01:00+01:00', 'BEYOND_WINDOW'],
  ])('refuses %s as %s', (start, rejection) => {
    expect(window.check(ms(start))).toBe(rejection);
  });
});
