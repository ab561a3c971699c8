import { GermanPublicHolidays } from './public-holidays';

describe('public holidays of a federal state', () => {
  const holidays = new GermanPublicHolidays();

  it('knows the nationwide and the state holidays of NW', () => {
    expect(holidays.isPublicHoliday('NW', '2026-10-03')).toBe(true);
    expect(holidays.isPublicHoliday('NW', '2026-12-25')).toBe(true);
    expect(holidays.isPublicHoliday('NW', '2026-06-04')).toBe(true); // Fronleichnam
    expect(holidays.isPublicHoliday('NW', '2026-12-01')).toBe(false);
  });

  it('follows the state: Fronleichnam is no holiday in Berlin, Reformationstag is one in Saxony', () => {
    expect(holidays.isPublicHoliday('BE', '2026-06-04')).toBe(false);
    expect(holidays.isPublicHoliday('SN', '2026-10-31')).toBe(true);
    expect(holidays.isPublicHoliday('NW', '2026-10-31')).toBe(false);
  });

  it('counts only public holidays, not observances such as Christmas Eve', () => {
    expect(holidays.isPublicHoliday('NW', '2026-12-24')).toBe(false);
  });
});
