import { DomainError } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { OfficeRepository } from '../../office/office.repository';
import { PublicHolidays } from '../../office/public-holidays';
import { officeSchedule } from '../../slots/office-schedule';
import { slotsBetween } from '../../slots/slot-schedule';
import type { Tenant } from '../../tenancy/tenant';

export const MAX_STATISTICS_WEEKS = 26;

/** One office's week, counted — no names, no addresses, no references. */
export interface OfficeWeek {
  officeId: string;
  officeName: string;
  /** Monday of the week, in the office's calendar. */
  week: string;
  /** Counter time open for booking, in slots of the office's grid (e.g. quarter hours). */
  slotsOffered: number;
  /** Appointments that were made theirs: confirmed, arrived, done or no-show. */
  booked: number;
  held: number;
  lapsed: number;
  cancelled: number;
  noShows: number;
  waitingListOffers: number;
  waitingListOffersTaken: number;
}

interface CountRow {
  office_id: string;
  week: string;
  booked: number;
  held: number;
  lapsed: number;
  cancelled: number;
  no_shows: number;
  offers: number;
  offers_taken: number;
}

/** A tenant's appointments per office and week, by the week of the appointment. */
@Injectable()
export class TenantStatisticsHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly holidays: PublicHolidays,
  ) {}

  /** `from`/`to`: ISO dates; the weeks (Monday to Sunday) that contain them and lie between. */
  async execute(tenant: Tenant, from: string, to: string): Promise<OfficeWeek[]> {
    const first = DateTime.fromISO(from, { zone: 'Europe/Berlin' }).startOf('week');
    const last = DateTime.fromISO(to, { zone: 'Europe/Berlin' }).startOf('week');
    if (last < first)
      throw DomainError.unprocessable('STATISTICS.RANGE_INVERTED', '"to" lies before "from".', [
        { field: 'to', message: 'must not be before from' },
      ]);
    const weeks = Math.round(last.diff(first, 'weeks').weeks) + 1;
    if (weeks > MAX_STATISTICS_WEEKS) {
      throw DomainError.unprocessable('STATISTICS.RANGE_TOO_LONG', `At most ${MAX_STATISTICS_WEEKS} weeks at a time.`, [
        { field: 'to', message: `at most ${MAX_STATISTICS_WEEKS} weeks after from` },
      ]);
    }
    const manager = this.dataSource.manager;
    const offices = await this.offices.list(manager, tenant.slug);
    const counts = (await manager.query(
      `SELECT b.office_id, to_char(date_trunc('week', b.start_at AT TIME ZONE o.time_zone), 'YYYY-MM-DD') AS week,
              count(*) FILTER (WHERE b.status IN ('confirmed', 'arrived', 'done', 'no_show'))::int AS booked,
              count(*) FILTER (WHERE b.status = 'held')::int AS held,
              count(*) FILTER (WHERE b.status = 'lapsed')::int AS lapsed,
              count(*) FILTER (WHERE b.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE b.status = 'no_show')::int AS no_shows,
              count(*) FILTER (WHERE b.waiting_entry_id IS NOT NULL)::int AS offers,
              count(*) FILTER (WHERE b.waiting_entry_id IS NOT NULL AND b.status IN ('confirmed', 'arrived', 'done', 'no_show'))::int AS offers_taken
         FROM appointments.booking b JOIN appointments.office o ON o.tenant = b.tenant AND o.id = b.office_id
        WHERE b.tenant = $1 AND b.start_at >= $2 AND b.start_at < $3
        GROUP BY 1, 2`,
      [tenant.slug, first.minus({ days: 1 }).toJSDate(), last.plus({ weeks: 1, days: 1 }).toJSDate()],
    )) as CountRow[];
    const byKey = new Map(counts.map((row) => [`${row.office_id} ${row.week}`, row]));
    const result: OfficeWeek[] = [];
    for (const listed of offices) {
      // The list leaves closures out; the week's capacity needs them.
      const office = await this.offices.require(manager, tenant.slug, listed.id);
      const schedule = officeSchedule(office, tenant.federalState, this.holidays);
      for (let week = 0; week < weeks; week += 1) {
        const monday = first.plus({ weeks: week }).setZone(office.timeZone, { keepLocalTime: true });
        const start = monday.toMillis();
        const end = monday.plus({ weeks: 1 }).toMillis();
        const row = byKey.get(`${office.id} ${monday.toISODate()}`);
        result.push({
          officeId: office.id,
          officeName: office.name,
          week: monday.toISODate()!,
          slotsOffered: slotsBetween(schedule, office.slotGridMinutes, start, end).length * office.counterIds.length,
          booked: row?.booked ?? 0,
          held: row?.held ?? 0,
          lapsed: row?.lapsed ?? 0,
          cancelled: row?.cancelled ?? 0,
          noShows: row?.no_shows ?? 0,
          waitingListOffers: row?.offers ?? 0,
          waitingListOffersTaken: row?.offers_taken ?? 0,
        });
      }
    }
    return result;
  }
}
