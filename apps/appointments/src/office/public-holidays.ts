import { Injectable, Logger } from '@nestjs/common';
import Holidays from 'date-holidays';

/** Port: which dates are public holidays in a German federal state (`NW`, `BY`, …). */
export abstract class PublicHolidays {
  abstract isPublicHoliday(federalState: string, isoDate: string): boolean;
}

/** Public holidays (type "public" only) from `date-holidays`, computed once per state and year. */
@Injectable()
export class GermanPublicHolidays extends PublicHolidays {
  private readonly logger = new Logger(GermanPublicHolidays.name);
  private readonly byStateAndYear = new Map<string, ReadonlySet<string>>();

  isPublicHoliday(federalState: string, isoDate: string): boolean {
    return this.holidays(federalState, Number(isoDate.slice(0, 4))).has(isoDate);
  }

  private holidays(federalState: string, year: number): ReadonlySet<string> {
    const key = `${federalState}:${year}`;
    let dates = this.byStateAndYear.get(key);
    if (!dates) {
      const calendar = new Holidays();
      const known = Object.keys(calendar.getStates('DE') ?? {}).includes(federalState);
      // An unknown state would silently fall back to the nationwide list: say so once.
      if (!known) this.logger.warn(`"${federalState}" is no German federal state; only nationwide public holidays apply`);
      calendar.init('DE', known ? federalState : undefined);
      dates = new Set(
        calendar
          .getHolidays(year)
          .filter((holiday) => holiday.type === 'public')
          .map((holiday) => holiday.date.slice(0, 10)),
      );
      this.byStateAndYear.set(key, dates);
    }
    return dates;
  }
}
