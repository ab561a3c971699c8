import { BookingConfirmedV2, BookingHeldV2, ReleaseDrawLostV2 } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { newId, newSecret, MessagingSeal, PlatformConfig, Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { retryingBookingConflicts } from '../../booking/booking-conflicts';
import type { BookingEntity } from '../../booking/booking.entity';
import { manageUrl, sealedBookingMail, sealedRequesterContact } from '../../booking/booking-mail';
import { BookingReferences } from '../../booking/booking-reference';
import { BookingRepository } from '../../booking/booking.repository';
import { hashManageToken } from '../../booking/manage-token';
import type { OfficeSummary } from '../../office/office';
import { OfficeRepository } from '../../office/office.repository';
import { PublicHolidays } from '../../office/public-holidays';
import { preferenceFit } from '../../preferences/stated-preferences';
import { officeSchedule } from '../../slots/office-schedule';
import { slotsBetween } from '../../slots/slot-schedule';
import type { Tenant } from '../../tenancy/tenant';
import { TenantDirectory } from '../../tenancy/tenant-directory';
import { MINUTE_MS } from '../../time/wall-clock';
import type { Release } from '../release';
import { drawRelease } from '../release-draw';
import { ReleaseRepository } from '../release.repository';
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
    private readonly references: BookingReferences,
    private readonly holidays: PublicHolidays,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly config: PlatformConfig,
    private readonly seal: MessagingSeal,
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
    const holdUntil = tenant?.settings.holdMinutes ? new Date(now.getTime() + tenant.settings.waitingOfferMinutes * MINUTE_MS) : null;
    const service = await this.offices.requireService(manager, release.tenant, release.serviceId);
    const slots = tenant ? await this.slotsOf(manager, tenant, release, service.durationMinutes) : [];
    const requests = await this.releases.requestsOf(manager, release.id);
    const assignments = drawRelease(release.seed, slots, requests, (request, slot) =>
      preferenceFit(request, slot.officeId, slot.clock, slot.start, slot.end),
    );

    const slotById = new Map(slots.map((slot) => [slot.id, slot]));
    const winners = new Map(assignments.map((a) => [a.requestId, slotById.get(a.slotId)!]));
    const summaries = new Map<string, OfficeSummary>();
    for (const request of requests) {
      const slot = winners.get(request.id);
      if (!slot) {
        await this.releases.settleRequest(manager, request.id, 'lost', null);
        await this.outbox.append(
          manager,
          ReleaseDrawLostV2,
          {
            releaseId: release.id,
            requestId: request.id,
            serviceName: service.name,
            drawnAt: now.toISOString(),
            seed: release.seed,
            bookingUrl: this.config.publicUrl,
            contact: sealedRequesterContact(this.seal, request.citizenEmail, { tenant: release.tenant, subject: request.id }),
          },
          { subject: request.id, tenantId: release.tenant },
        );
        continue;
      }
      const manageToken = newSecret();
      const booking: BookingEntity = {
        id: newId(),
        tenant: release.tenant,
        reference: this.references.next(),
        manageTokenSha256: hashManageToken(manageToken),
        officeId: slot.officeId,
        counterId: slot.counterId,
        serviceId: service.id,
        startAt: new Date(slot.start),
        endAt: new Date(slot.end),
        status: holdUntil ? 'held' : 'confirmed',
        heldUntil: holdUntil,
        waitingEntryId: null,
        reopensAt: null,
        citizenName: request.citizenName,
        citizenEmail: request.citizenEmail,
        revision: 0,
        createdAt: now,
        updatedAt: now,
      };
      await this.bookings.insert(manager, booking);
      await this.releases.settleRequest(manager, request.id, 'won', booking.id);
      const office = summaries.get(slot.officeId) ?? (await this.offices.requireSummary(manager, release.tenant, slot.officeId));
      summaries.set(office.id, office);
      const details = sealedBookingMail(
        booking,
        office,
        service,
        slot.clock,
        manageUrl(this.config.publicUrl, booking, manageToken),
        this.seal,
      );
      const meta = { subject: booking.id, tenantId: release.tenant };
      if (holdUntil)
        await this.outbox.append(
          manager,
          BookingHeldV2,
          { ...details, heldUntil: slot.clock.format(holdUntil.getTime()), reason: 'draw' },
          meta,
        );
      else await this.outbox.append(manager, BookingConfirmedV2, details, meta);
    }
    await this.releases.markDrawn(manager, release.id, slots.length, now);
    this.logger.log(`release ${release.id} drawn: ${slots.length} slots, ${requests.length} requests, ${assignments.length} assigned`);
    return true;
  }

  private async slotsOf(manager: EntityManager, tenant: Tenant, release: Release, durationMinutes: number): Promise<ReleasedSlot[]> {
    const slots: ReleasedSlot[] = [];
    for (const officeId of release.officeIds) {
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
