import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BookingErrors } from './booking';
import type { BookingEntity } from './booking.entity';
import { normaliseBookingReference } from './booking-reference';
import { BookingRepository } from './booking.repository';
import { manageTokenMatches } from './manage-token';

/** The citizen's way in: reference and manage token, nothing else. */
@Injectable()
export class ManagedBookings {
  constructor(private readonly bookings: BookingRepository) {}

  /** The booking, or 404 — the same 404 for an unknown reference, a missing and a wrong token. */
  async open(
    manager: EntityManager,
    tenant: string,
    reference: string,
    token: unknown,
    options: { forUpdate?: boolean } = {},
  ): Promise<BookingEntity> {
    const normalised = normaliseBookingReference(reference);
    const booking = normalised ? await this.bookings.findByReference(manager, tenant, normalised, options) : undefined;
    // Compared even when the reference is unknown, so the answer takes the same time either way.
    const matches = manageTokenMatches(token, booking?.manageTokenSha256);
    if (!booking || !matches) throw BookingErrors.notFound();
    return booking;
  }
}
