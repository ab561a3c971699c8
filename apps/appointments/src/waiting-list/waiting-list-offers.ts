import { DomainError, Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { retryingBookingConflicts } from '../booking/booking-conflicts';
import { BookingRepository } from '../booking/booking.repository';
import { PlaceBooking } from '../booking/place-booking/place-booking';
import type { Office, Service } from '../office/office';
import { OfficeRepository } from '../office/office.repository';
import { PublicHolidays } from '../office/public-holidays';
import { outsideHeldBack } from '../release/held-back';
import { ReleaseRepository } from '../release/release.repository';
import { BookingWindow } from '../slots/booking-window';
import { freeSlots } from '../slots/free-slots';
import { officeSchedule } from '../slots/office-schedule';
import { slotsBetween, type OfficeSchedule } from '../slots/slot-schedule';
import type { Tenant } from '../tenancy/tenant';
import { TenantDirectory } from '../tenancy/tenant-directory';
import { fitsPreferences } from '../preferences/stated-preferences';
import type { WaitingEntry } from './waiting-entry';
import { WaitingEntryRepository } from './waiting-entry.repository';

const PAGE = 50;

interface FittingSlot {
  office: Office;
  service: Service;
  schedule: OfficeSchedule;
  start: number;
  end: number;
}

/**
 * Offers free slots to the waiting list, in joining order: each waiting citizen in turn gets the
 * earliest free slot that fits what they stated, held for them for the tenant's offer time and
 * mailed (the mail carries the only key to confirm it). Whatever freed the slot — a cancellation,
 * a lapsed hold, new capacity — the next round finds it; an offer left unanswered lapses like any
 * hold and frees the slot for the next in line.
 */
@Injectable()
export class WaitingListOffers {
  private readonly logger = new Logger(WaitingListOffers.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly entries: WaitingEntryRepository,
    private readonly tenants: TenantDirectory,
    private readonly offices: OfficeRepository,
    private readonly bookings: BookingRepository,
    private readonly releases: ReleaseRepository,
    private readonly holidays: PublicHolidays,
    private readonly clock: Clock,
    private readonly placement: PlaceBooking,
  ) {}

  /** One pass over the waiting list; answers how many offers went out. */
  async offerFreeSlots(): Promise<number> {
    let offered = 0;
    let after: WaitingEntry | undefined;
    for (;;) {
      const page = await this.entries.waitingAfter(this.dataSource.manager, after, PAGE);
      for (const entry of page) if (await this.offer(entry)) offered += 1;
      if (page.length < PAGE) return offered;
      after = page[page.length - 1];
    }
  }

  private async offer(entry: WaitingEntry): Promise<boolean> {
    const tenant = await this.tenants.find(entry.tenant);
    // A suspended tenant's waiting list waits: an offer would mail its citizens.
    if (!tenant || tenant.suspended) return false;
    try {
      return await retryingBookingConflicts(() => this.dataSource.transaction((manager) => this.offerIn(manager, tenant, entry.id)));
    } catch (error) {
      // Someone else took the slot in the meantime: the next round looks again.
      if (error instanceof DomainError && error.status === 409) return false;
      throw error;
    }
  }

  private async offerIn(manager: EntityManager, tenant: Tenant, entryId: string): Promise<boolean> {
    const entry = await this.entries.lockWaiting(manager, entryId);
    if (!entry) return false;
    const now = this.clock.now();
    const slot = await this.firstFittingSlot(manager, tenant, entry, now);
    if (!slot) return false;
    const start = new Date(slot.start);
    const end = new Date(slot.end);
    const counterId = await this.bookings.pickFreeCounter(manager, tenant.slug, slot.office.id, start, end);
    if (!counterId) return false;
    const { booking } = await this.placement.place(manager, {
      tenant,
      source: 'waiting-list',
      slot: { office: slot.office, service: slot.service, clock: slot.schedule.clock, counterId, start, end },
      citizen: { name: entry.citizenName, email: entry.citizenEmail },
      waitingEntryId: entry.id,
      now,
    });
    await this.entries.settle(manager, entry.id, 'offered', now);
    this.logger.log(`waiting entry ${entry.id}: offered booking ${booking.id}`);
    return true;
  }

  /** The earliest free slot, over the entry's offices, on its weekdays and inside its hours. */
  private async firstFittingSlot(manager: EntityManager, tenant: Tenant, entry: WaitingEntry, now: Date): Promise<FittingSlot | undefined> {
    const service = await this.offices.requireService(manager, tenant.slug, entry.serviceId);
    const window = new BookingWindow(now.getTime(), tenant.settings);
    let best: FittingSlot | undefined;
    // An office that no longer offers the service (or a deleted service) offers nothing.
    for (const officeId of entry.officeIds.filter((id) => !service.deleted && service.officeIds.includes(id))) {
      const office = await this.offices.find(manager, tenant.slug, officeId);
      if (!office || office.counterIds.length === 0) continue;
      const schedule = officeSchedule(office, tenant.federalState, this.holidays);
      const fitting = slotsBetween(schedule, service.durationMinutes, window.earliestStart, window.latestStart + 1).filter(
        (slot) => fitsPreferences(entry, schedule.clock, slot.start, slot.end) && (!best || slot.start < best.start),
      );
      if (fitting.length === 0) continue;
      // Slots kept for a draw go by lot, not to the waiting list.
      const candidates = outsideHeldBack(
        fitting,
        await this.releases.heldBack(
          manager,
          tenant.slug,
          office.id,
          new Date(fitting[0].start),
          new Date(fitting[fitting.length - 1].end),
        ),
      );
      if (candidates.length === 0) continue;
      const occupancy = await this.bookings.occupancy(
        manager,
        tenant.slug,
        office.id,
        new Date(candidates[0].start),
        new Date(candidates[candidates.length - 1].end),
      );
      const [first] = freeSlots(candidates, office.counterIds, occupancy);
      if (first) best = { office, service, schedule, start: first.start, end: first.end };
    }
    return best;
  }
}
