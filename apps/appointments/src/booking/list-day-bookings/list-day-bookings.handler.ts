import { instantKey, pageOf, PageCursor, uuidKey, Clock } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { OfficeSummary, Service } from '../../office/office';
import { OfficeRepository } from '../../office/office.repository';
import { parseIsoDate, WallClock } from '../../time/wall-clock';
import type { BookingEntity } from '../booking.entity';
import { BookingRepository } from '../booking.repository';
import type { ListDayBookingsQuery } from './list-day-bookings.query';

/** The (start, id) of a page's last booking: the repository's keyset. */
const DAY_BOOKINGS_CURSOR = new PageCursor<[Date, string]>('day-bookings', [instantKey, uuidKey]);

export interface DayBookings {
  office: OfficeSummary;
  services: ReadonlyMap<string, Service>;
  bookings: BookingEntity[];
  nextCursor: string | null;
}

@Injectable()
export class ListDayBookingsHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly bookings: BookingRepository,
    private readonly offices: OfficeRepository,
    private readonly clock: Clock,
  ) {}

  async execute(query: ListDayBookingsQuery): Promise<DayBookings> {
    const manager = this.dataSource.manager;
    const tenant = query.tenant.slug;
    const after = query.cursor === undefined ? undefined : DAY_BOOKINGS_CURSOR.decode(query.cursor);
    const office = await this.offices.requireSummary(manager, tenant, query.officeId);
    const clock = new WallClock(office.timeZone);
    const day = query.date === undefined ? clock.localDay(this.clock.now().getTime()) : parseIsoDate(query.date)!;
    const rows = await this.bookings.dayList(manager, {
      tenant,
      officeId: office.id,
      from: new Date(clock.startOf(day)),
      to: new Date(clock.startOf(day + 1)),
      after: after && { start: after[0], id: after[1] },
      limit: query.limit + 1,
    });
    const page = pageOf(rows, query.limit, (last) => DAY_BOOKINGS_CURSOR.encode([last.startAt, last.id]));
    const services = new Map(
      (await this.offices.listServices(manager, tenant, { withDeleted: true })).map((service) => [service.id, service]),
    );
    return { office, services, bookings: page.items, nextCursor: page.nextCursor };
  }
}
