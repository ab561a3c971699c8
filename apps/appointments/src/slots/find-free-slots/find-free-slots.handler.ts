import { DomainError, Clock } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { BookingRepository } from '../../booking/booking.repository';
import type { Office, Service } from '../../office/office';
import { OfficeRepository, serviceNotFound } from '../../office/office.repository';
import { PublicHolidays } from '../../office/public-holidays';
import { outsideHeldBack } from '../../release/held-back';
import { ReleaseRepository } from '../../release/release.repository';
import type { Tenant } from '../../tenancy/tenant';
import { DAY_MS, MINUTE_MS } from '../../time/wall-clock';
import { BookingWindow } from '../booking-window';
import { freeSlots } from '../free-slots';
import { officeSchedule } from '../office-schedule';
import { slotsBetween } from '../slot-schedule';
import type { FindFreeSlotsQuery } from './find-free-slots.query';

export const DEFAULT_RANGE_DAYS = 14;
export const MAX_RANGE_DAYS = 62;

export interface FreeSlotView {
  start: string;
  end: string;
  remaining: number;
  /** Only when asked for every office ("any office"). */
  officeId?: string;
}

@Injectable()
export class FindFreeSlotsHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly bookings: BookingRepository,
    private readonly releases: ReleaseRepository,
    private readonly holidays: PublicHolidays,
    private readonly clock: Clock,
  ) {}

  async execute(query: FindFreeSlotsQuery): Promise<FreeSlotView[]> {
    const now = this.clock.now().getTime();
    const from = query.from ?? now;
    const to = query.to ?? from + DEFAULT_RANGE_DAYS * DAY_MS;
    if (to < from)
      throw DomainError.unprocessable('SLOTS.RANGE_INVERTED', '"to" lies before "from".', [
        { field: 'to', message: 'must not be before from' },
      ]);
    if (to - from > MAX_RANGE_DAYS * DAY_MS) {
      throw DomainError.unprocessable('SLOTS.RANGE_TOO_LONG', `"from" and "to" may be at most ${MAX_RANGE_DAYS} days apart.`, [
        { field: 'to', message: `must be at most ${MAX_RANGE_DAYS} days after from` },
      ]);
    }
    const { tenant } = query;
    const manager = this.dataSource.manager;
    const window = new BookingWindow(now, tenant.settings);
    const earliest = Math.max(from, window.earliestStart);
    const latest = Math.min(to, window.latestStart + 1);
    if (query.officeId !== undefined) {
      const office = await this.offices.require(manager, tenant.slug, query.officeId);
      const service = await this.offices.requireOffered(manager, tenant.slug, query.serviceId, office.id);
      // As always for one office: no officeId in each slot.
      return (await this.officeSlots(tenant, office, service, earliest, latest, now)).map(({ view: { officeId: _, ...view } }) => view);
    }
    // "Any office": every office that offers the service, merged by time.
    const service = await this.offices.requireService(manager, tenant.slug, query.serviceId);
    if (service.deleted) throw serviceNotFound();
    const perOffice = await Promise.all(
      service.officeIds.map(async (officeId) =>
        this.officeSlots(tenant, await this.offices.require(manager, tenant.slug, officeId), service, earliest, latest, now),
      ),
    );
    return perOffice
      .flat()
      .sort((a, b) => a.at - b.at || a.officeId.localeCompare(b.officeId))
      .map(({ view }) => view);
  }

  /** The free slots of one office between `earliest` and `latest` (epoch ms), each with its instant for merging. */
  private async officeSlots(
    tenant: Tenant,
    office: Office,
    service: Service,
    earliest: number,
    latest: number,
    now: number,
  ): Promise<Array<{ at: number; officeId: string; view: FreeSlotView }>> {
    const manager = this.dataSource.manager;
    const schedule = officeSchedule(office, tenant.federalState, this.holidays);
    const all = slotsBetween(schedule, service.durationMinutes, earliest, latest);
    if (all.length === 0 || office.counterIds.length === 0) return [];
    // Slots kept for a draw are not on offer first-come.
    const candidates = outsideHeldBack(
      all,
      await this.releases.heldBack(manager, tenant.slug, office.id, new Date(all[0].start), new Date(all[all.length - 1].end)),
    );
    if (candidates.length === 0) return [];
    const occupancy = await this.bookings.occupancy(
      manager,
      tenant.slug,
      office.id,
      new Date(candidates[0].start),
      new Date(candidates[candidates.length - 1].start + service.durationMinutes * MINUTE_MS),
      new Date(now),
    );
    return freeSlots(candidates, office.counterIds, occupancy).map((slot) => ({
      at: slot.start,
      officeId: office.id,
      view: {
        officeId: office.id,
        start: schedule.clock.format(slot.start),
        end: schedule.clock.format(slot.end),
        remaining: slot.remaining,
      },
    }));
  }
}
