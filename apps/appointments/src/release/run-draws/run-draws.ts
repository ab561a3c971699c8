import { Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { retryingBookingConflicts } from '../../booking/booking-conflicts';
import { BookingRepository } from '../../booking/booking.repository';
import type { OfficeSummary } from '../../office/office';
import { OfficeRepository } from '../../office/office.repository';
import { PublicHolidays } from '../../office/public-holidays';
import { preferenceFit } from '../../preferences/stated-preferences';
import { officeSchedule } from '../../slots/office-schedule';
import { slotsBetween } from '../../slots/slot-schedule';
import type { Tenant } from '../../tenancy/tenant';
import { TenantDirectory } from '../../tenancy/tenant-directory';
import type { Release } from '../release';
import { drawRelease } from '../release-draw';
import { ReleaseRepository } from '../release.repository';
import { DrawResults } from './draw-results';
import { releasedSlots, type ReleasedSlot } from './released-slots';

/**
 * Draws every release whose collection has ended: the released slots go by the seeded lottery
 * (`drawRelease`); winners get a booking — held for them to confirm by the mailed link where the
 * tenant holds bookings (for the waiting-list offer time), else confirmed — and the others a
 * "no slot this time" mail — all in one transaction, so every result becomes visible at the same
 * moment. Releases are claimed with `FOR UPDATE SKIP LOCKED`; a restart loses nothing.
 */
@Injectable()
export class RunDraws {
  private readonly logger = new Logger(RunDraws.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly releases: ReleaseRepository,
    private readonly tenants: TenantDirectory,
    private readonly offices: OfficeRepository,
    private readonly bookings: BookingRepository,
    private readonly holidays: PublicHolidays,
    private readonly clock: Clock,
    private readonly results: DrawResults,
  ) {}

  /** Draws what is due; answers how many releases were drawn. */
  async drawDue(): Promise<number> {
    let drawn = 0;
    // One release per transaction; a race with a booking (exclusion violation) draws it again from the start.
    while (await retryingBookingConflicts(() => this.dataSource.transaction((manager) => this.drawOne(manager)))) drawn += 1;
    return drawn;
  }

  private async drawOne(manager: EntityManager): Promise<boolean> {
    const now = this.clock.now();
    const release = await this.releases.claimDue(manager, now);
    if (!release) return false;
    const tenant = await this.tenants.find(release.tenant, manager);
    const service = await this.offices.requireService(manager, release.tenant, release.serviceId);
    const slots =
      tenant && !service.deleted ? await this.slotsOf(manager, tenant, release, service.durationMinutes, service.officeIds) : [];
    const requests = await this.releases.requestsOf(manager, release.id);
    const assignments = drawRelease(release.seed, slots, requests, (request, slot) =>
      preferenceFit(request, slot.officeId, slot.clock, slot.start, slot.end),
    );

    const slotById = new Map(slots.map((slot) => [slot.id, slot]));
    const winners = new Map(assignments.map((a) => [a.requestId, slotById.get(a.slotId)!]));
    const summaries = new Map<string, OfficeSummary>();
    for (const request of requests) {
      const slot = winners.get(request.id);
      // Without its tenant a release has no slots (slotsOf), so nobody wins.
      if (!slot || !tenant) {
        await this.results.lost(manager, release, request, service, now);
        continue;
      }
      const office = summaries.get(slot.officeId) ?? (await this.offices.requireSummary(manager, release.tenant, slot.officeId));
      summaries.set(office.id, office);
      const { counterId, clock } = slot;
      await this.results.won(
        manager,
        tenant,
        request,
        { office, service, clock, counterId, start: new Date(slot.start), end: new Date(slot.end) },
        now,
      );
    }
    await this.releases.markDrawn(manager, release.id, slots.length, now);
    this.logger.log(`release ${release.id} drawn: ${slots.length} slots, ${requests.length} requests, ${assignments.length} assigned`);
    return true;
  }

  private async slotsOf(
    manager: EntityManager,
    tenant: Tenant,
    release: Release,
    durationMinutes: number,
    offeredAt: readonly string[],
  ): Promise<ReleasedSlot[]> {
    const slots: ReleasedSlot[] = [];
    // An office that stopped offering the service since the release was announced releases nothing.
    for (const officeId of release.officeIds.filter((id) => offeredAt.includes(id))) {
      const office = await this.offices.find(manager, tenant.slug, officeId);
      if (!office) continue;
      const schedule = officeSchedule(office, tenant.federalState, this.holidays);
      const candidates = slotsBetween(schedule, durationMinutes, release.slotsFrom.getTime(), release.slotsTo.getTime()).filter(
        (slot) => slot.end <= release.slotsTo.getTime(),
      );
      if (candidates.length === 0) continue;
      const occupancy = await this.bookings.occupancy(manager, tenant.slug, office.id, release.slotsFrom, release.slotsTo);
      slots.push(...releasedSlots(office, schedule, candidates, occupancy));
    }
    return slots;
  }
}
