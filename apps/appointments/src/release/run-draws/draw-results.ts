import { ReleaseDrawLostV2 } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { MessagingSeal, PlatformConfig } from '@amtsweg/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sealedRequesterContact } from '../../booking/booking-mail';
import { PlaceBooking, type SlotToPlace } from '../../booking/place-booking/place-booking';
import type { Service } from '../../office/office';
import type { Tenant } from '../../tenancy/tenant';
import type { Release, ReleaseRequest } from '../release';
import { ReleaseRepository } from '../release.repository';

/**
 * Settles a drawn request, in the draw's transaction: a winner gets the slot as a booking (held or
 * confirmed as the tenant holds bookings), a loser a "no slot this time" mail with the seed that
 * proves the draw.
 */
@Injectable()
export class DrawResults {
  constructor(
    private readonly releases: ReleaseRepository,
    private readonly placement: PlaceBooking,
    private readonly outbox: Outbox,
    private readonly config: PlatformConfig,
    private readonly seal: MessagingSeal,
  ) {}

  async won(manager: EntityManager, tenant: Tenant, request: ReleaseRequest, slot: SlotToPlace, now: Date): Promise<void> {
    const citizen = { name: request.citizenName, email: request.citizenEmail };
    const { booking } = await this.placement.place(manager, { tenant, source: 'draw', slot, citizen, now });
    await this.releases.settleRequest(manager, request.id, 'won', booking.id);
  }

  async lost(manager: EntityManager, release: Release, request: ReleaseRequest, service: Pick<Service, 'name'>, now: Date): Promise<void> {
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
  }
}
