import { BookingConfirmedV2, BookingHeldV2 } from '@amtsweg/contracts';
import { newId, newSecret } from '@amtsweg/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OfficeSummary, Service } from '../../office/office';
import type { Tenant } from '../../tenancy/tenant';
import type { WallClock } from '../../time/wall-clock';
import { holdMinutesFor, newBooking, type Booking, type BookingSource, type Citizen } from '../booking';
import { BookingEvents } from '../booking-events';
import { BookingReferences } from '../booking-reference';
import { BookingRepository } from '../booking.repository';
import { hashManageToken } from '../manage-token';

/** A counter's time the caller has found free for the citizen, and what a mail about it names. */
export interface SlotToPlace {
  office: OfficeSummary;
  service: Pick<Service, 'id' | 'name'>;
  /** The office's local time. */
  clock: WallClock;
  counterId: string;
  start: Date;
  end: Date;
}

export interface BookingToPlace {
  tenant: Pick<Tenant, 'slug' | 'settings'>;
  source: BookingSource;
  slot: SlotToPlace;
  citizen: Citizen;
  /** Only for a waiting-list offer: the entry it answers. */
  waitingEntryId?: string;
  /** The moment the caller decided on: the hold runs from it. */
  now: Date;
}

export interface PlacedBooking {
  booking: Booking;
  /** The citizen's key, in the mail's link; the database keeps only its hash. */
  manageToken: string;
}

/**
 * Makes a citizen's booking of a slot that is free: a booked slot, a won draw, a waiting-list offer.
 * Inserts it — held or confirmed as its source and the tenant say (holdMinutesFor) — and appends
 * BookingHeldV2 or BookingConfirmedV2, in the caller's transaction; a concurrent booking of the same
 * counter fails the insert with an exclusion violation, which the caller retries.
 */
@Injectable()
export class PlaceBooking {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly references: BookingReferences,
    private readonly events: BookingEvents,
  ) {}

  async place(manager: EntityManager, request: BookingToPlace): Promise<PlacedBooking> {
    const { tenant, slot, now } = request;
    const manageToken = newSecret();
    const booking = newBooking(
      {
        id: newId(),
        tenant: tenant.slug,
        reference: this.references.next(),
        manageTokenSha256: hashManageToken(manageToken),
        officeId: slot.office.id,
        counterId: slot.counterId,
        serviceId: slot.service.id,
        startAt: slot.start,
        endAt: slot.end,
        waitingEntryId: request.waitingEntryId ?? null,
        citizen: request.citizen,
      },
      holdMinutesFor(request.source, tenant.settings),
      now,
    );
    await this.bookings.insert(manager, booking);
    const mail = { office: slot.office, service: slot.service, clock: slot.clock, manageToken };
    if (booking.heldUntil) {
      const heldUntil = slot.clock.format(booking.heldUntil.getTime());
      await this.events.append(manager, BookingHeldV2, booking, mail, { heldUntil, reason: request.source });
    } else {
      await this.events.append(manager, BookingConfirmedV2, booking, mail, {});
    }
    return { booking, manageToken };
  }
}
