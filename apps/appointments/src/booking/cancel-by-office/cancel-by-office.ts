import { BookingCancelledV2 } from '@amtsweg/contracts';
import { DomainError, newSecret } from '@amtsweg/platform';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Office } from '../../office/office';
import { OfficeRepository } from '../../office/office.repository';
import { PublicHolidays } from '../../office/public-holidays';
import { officeSchedule } from '../../slots/office-schedule';
import type { Tenant } from '../../tenancy/tenant';
import { WallClock } from '../../time/wall-clock';
import { OCCUPYING_STATUSES, transition } from '../booking';
import { BookingEntity } from '../booking.entity';
import { BookingEvents } from '../booking-events';
import { BookingRepository } from '../booking.repository';
import { hashManageToken } from '../manage-token';
import { judgeFit, type StandingBooking } from './bookings-that-no-longer-fit';

/** A booking a change leaves without a place, as the answer names it: the office's local start. */
export interface AffectedBooking {
  reference: string;
  start: string;
}

/** What the admin asked for: `cancelAffected` cancels what no longer fits; without it such a change is refused. */
export interface AffectedPolicy {
  cancelAffected: boolean;
  /** The 409's code when bookings no longer fit and the admin did not ask to cancel them. */
  conflictCode: 'OFFICE.BOOKINGS_AFFECTED' | 'SERVICE.BOOKINGS_AFFECTED';
}

interface StandingRow {
  id: string;
  reference: string;
  office_id: string;
  counter_id: string;
  start_at: Date;
  end_at: Date;
  status: string;
}

/**
 * Changes of an office or a service never drop a booking silently. Inside the change's transaction,
 * after the change is written: bookings that still fit stay (moving to a free counter if theirs was
 * retired); those that no longer fit are refused with a 409 listing them, or — when the admin asked —
 * cancelled by the office, each with BookingCancelledV2 (`cancelledBy: 'office'`), which messaging
 * mails to the citizen as every cancellation.
 */
@Injectable()
export class CancelByOffice {
  private readonly logger = new Logger(CancelByOffice.name);

  constructor(
    private readonly bookings: BookingRepository,
    private readonly offices: OfficeRepository,
    private readonly holidays: PublicHolidays,
    private readonly events: BookingEvents,
  ) {}

  /** After a change of the office's hours, closures or counters; `office` undefined: it was deleted. */
  async settleOffice(
    manager: EntityManager,
    tenant: Tenant,
    officeId: string,
    office: Office | undefined,
    now: Date,
    policy: AffectedPolicy,
  ): Promise<AffectedBooking[]> {
    const rows = await this.standing(manager, tenant.slug, now, { officeId });
    const schedule = office ? officeSchedule(office, tenant.federalState, this.holidays) : undefined;
    const { moves, misfits } = judgeFit(
      office ?? { counterIds: [] },
      schedule,
      rows.map((row) => standingBooking(row, now)),
    );
    const affected = rows.filter((row) => misfits.includes(row.id));
    await this.settle(manager, tenant, affected, now, policy);
    for (const move of moves) {
      await manager.query('UPDATE appointments.booking SET counter_id = $3 WHERE tenant = $1 AND id = $2', [
        tenant.slug,
        move.bookingId,
        move.counterId,
      ]);
    }
    return this.describe(manager, tenant.slug, affected);
  }

  /** After a service stopped being offered at some offices (`offeredAt`; none when it was deleted). */
  async settleService(
    manager: EntityManager,
    tenant: Tenant,
    serviceId: string,
    offeredAt: readonly string[],
    now: Date,
    policy: AffectedPolicy,
  ): Promise<AffectedBooking[]> {
    const rows = await this.standing(manager, tenant.slug, now, { serviceId });
    const affected = rows.filter((row) => !offeredAt.includes(row.office_id) && standingBooking(row, now).movable);
    await this.settle(manager, tenant, affected, now, policy);
    return this.describe(manager, tenant.slug, affected);
  }

  private async settle(manager: EntityManager, tenant: Tenant, affected: StandingRow[], now: Date, policy: AffectedPolicy): Promise<void> {
    if (affected.length === 0) return;
    if (!policy.cancelAffected) {
      throw new DomainError(
        409,
        policy.conflictCode,
        `${affected.length} booking(s) would no longer fit; send cancelAffected: true to cancel them (each citizen is mailed).`,
        undefined,
        undefined,
        { affectedBookings: await this.describe(manager, tenant.slug, affected) },
      );
    }
    for (const row of affected) await this.cancel(manager, tenant.slug, row.id, now);
  }

  private async cancel(manager: EntityManager, tenant: string, bookingId: string, now: Date): Promise<void> {
    const booking = await manager.findOne(BookingEntity, { where: { tenant, id: bookingId }, lock: { mode: 'pessimistic_write' } });
    if (!booking) return;
    booking.status = transition(booking.status, 'cancelled');
    booking.heldUntil = null;
    // The office has no room for this time any more: nothing to reopen.
    booking.reopensAt = null;
    // Only the token's hash is stored: the mail's link needs a new token (the old link stops working).
    const manageToken = newSecret();
    booking.manageTokenSha256 = hashManageToken(manageToken);
    booking.revision += 1;
    booking.updatedAt = now;
    await this.bookings.update(manager, booking);
    const office = await this.offices.requireSummary(manager, tenant, booking.officeId);
    const service = await this.offices.requireService(manager, tenant, booking.serviceId);
    const mail = { office, service, clock: new WallClock(office.timeZone), manageToken };
    await this.events.append(manager, BookingCancelledV2, booking, mail, { cancelledBy: 'office' });
    this.logger.log(`booking ${booking.id} cancelled by the office`);
  }

  private async standing(
    manager: EntityManager,
    tenant: string,
    now: Date,
    of: { officeId?: string; serviceId?: string },
  ): Promise<StandingRow[]> {
    return (await manager.query(
      `SELECT id, reference, office_id, counter_id, start_at, end_at, status FROM appointments.booking
        WHERE tenant = $1 AND status = ANY($2::text[]) AND end_at > $3
          AND ($4::uuid IS NULL OR office_id = $4::uuid) AND ($5::uuid IS NULL OR service_id = $5::uuid)
        ORDER BY start_at, id`,
      [tenant, OCCUPYING_STATUSES, now, of.officeId ?? null, of.serviceId ?? null],
    )) as StandingRow[];
  }

  private async describe(manager: EntityManager, tenant: string, rows: StandingRow[]): Promise<AffectedBooking[]> {
    const clocks = new Map<string, WallClock>();
    const described: AffectedBooking[] = [];
    for (const row of rows) {
      if (!clocks.has(row.office_id))
        clocks.set(row.office_id, new WallClock((await this.offices.requireSummary(manager, tenant, row.office_id)).timeZone));
      described.push({ reference: row.reference, start: clocks.get(row.office_id)!.format(new Date(row.start_at).getTime()) });
    }
    return described;
  }
}

function standingBooking(row: StandingRow, now: Date): StandingBooking {
  const start = new Date(row.start_at).getTime();
  return {
    id: row.id,
    counterId: row.counter_id,
    start,
    end: new Date(row.end_at).getTime(),
    // Started or arrived: the citizen is at the counter or on the way; no change reaches it.
    movable: row.status !== 'arrived' && start > now.getTime(),
  };
}
