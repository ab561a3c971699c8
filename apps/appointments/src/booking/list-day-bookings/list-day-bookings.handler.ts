import { DomainError, UUID_PATTERN, Clock } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { OfficeSummary, Service } from '../../office/office';
import { OfficeRepository } from '../../office/office.repository';
import { parseIsoDate, WallClock } from '../../time/wall-clock';
import type { BookingEntity } from '../booking.entity';
import { BookingRepository } from '../booking.repository';
import type { ListDayBookingsQuery } from './list-day-bookings.query';

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
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const office = await this.offices.requireSummary(manager, tenant, query.officeId);
    const clock = new WallClock(office.timeZone);
    const day = query.date === undefined ? clock.localDay(this.clock.now().getTime()) : parseIsoDate(query.date)!;
    const page = await this.bookings.dayList(manager, {
      tenant,
      officeId: office.id,
      from: new Date(clock.startOf(day)),
      to: new Date(clock.startOf(day + 1)),
      after,
      limit: query.limit + 1,
    });
    const bookings = page.slice(0, query.limit);
    const last = bookings[bookings.length - 1];
    const services = new Map((await this.offices.listServices(manager, tenant)).map((service) => [service.id, service]));
    return { office, services, bookings, nextCursor: page.length > query.limit ? encodeCursor(last) : null };
  }
}

function encodeCursor(booking: BookingEntity): string {
  return Buffer.from(JSON.stringify([booking.startAt.toISOString(), booking.id])).toString('base64url');
}

function decodeCursor(cursor: string): { start: Date; id: string } {
  try {
    const [start, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = new Date(typeof start === 'string' ? start : NaN);
    if (!Number.isNaN(date.getTime()) && typeof id === 'string' && UUID_PATTERN.test(id)) return { start: date, id };
  } catch {
    // falls through to the 400 below
  }
  throw DomainError.badRequest('REQUEST.INVALID_CURSOR', 'The cursor is not one this list handed out.', [
    { field: 'cursor', message: 'unknown cursor' },
  ]);
}
