import type { Office } from '../office/office';
import type { PublicHolidays } from '../office/public-holidays';
import { isoDateOf, WallClock, type LocalDay } from '../time/wall-clock';
import type { OfficeSchedule } from './slot-schedule';

/** The slot rules of an office: its zone, grid and hours, closed on its closures and the state's public holidays. */
export function officeSchedule(office: Office, federalState: string, holidays: PublicHolidays): OfficeSchedule {
  const closures = office.closures;
  return {
    clock: new WallClock(office.timeZone),
    gridMinutes: office.slotGridMinutes,
    openingHours: office.openingHours,
    isClosedOn(day: LocalDay): boolean {
      const date = isoDateOf(day);
      return (
        holidays.isPublicHoliday(federalState, date) || closures.some((closure) => closure.firstDay <= date && date <= closure.lastDay)
      );
    },
  };
}
