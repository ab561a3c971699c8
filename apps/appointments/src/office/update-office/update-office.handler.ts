import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { Clock } from '@amtsweg/platform';
import { officeResponse } from '../list-offices/list-offices.http.controller';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { CancelByOffice, type AffectedBooking } from '../../booking/cancel-by-office/cancel-by-office';
import { FairBookingScheduler } from '../../fair-booking/fair-booking.scheduler';
import type { Tenant } from '../../tenancy/tenant';
import type { Office } from '../office';
import { OfficeRepository } from '../office.repository';
import { OfficeWriter } from '../office-writer';
import { patchedDraft } from '../office-draft';
import type { UpdateOfficeRequest } from '../office.request.dto';

export interface UpdatedOffice {
  office: Office;
  /** Bookings the change left without a place, cancelled (it is refused when there are some and cancelAffected is not set). */
  affectedBookings: AffectedBooking[];
}

@Injectable()
export class UpdateOfficeHandler {
  private readonly logger = new Logger(UpdateOfficeHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly writer: OfficeWriter,
    private readonly cancellations: CancelByOffice,
    private readonly scheduler: FairBookingScheduler,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  async execute(tenant: Tenant, officeId: string, patch: UpdateOfficeRequest, actor: AdminActor): Promise<UpdatedOffice> {
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (manager) => {
      const current = await this.offices.require(manager, tenant.slug, officeId, { forUpdate: true });
      const draft = patchedDraft(current, patch);
      if (draft.slotGridMinutes !== current.slotGridMinutes)
        await this.writer.assertGridFitsServices(manager, tenant.slug, officeId, draft.slotGridMinutes);
      await this.writer.update(manager, tenant.slug, officeId, draft, now);
      const office = await this.offices.require(manager, tenant.slug, officeId);
      const affectedBookings = await this.cancellations.settleOffice(manager, tenant, officeId, office, now, {
        cancelAffected: patch.cancelAffected === true,
        conflictCode: 'OFFICE.BOOKINGS_AFFECTED',
      });
      await this.writer.updated(manager, office, affectedBookings.length);
      await this.audit.record(manager, {
        tenant: tenant.slug,
        actor: actor,
        action: 'office.updated',
        subject: { type: 'office', id: officeId },
        before: officeResponse(current),
        after: { ...officeResponse(office), cancelledBookings: affectedBookings.length },
      });
      return { office, affectedBookings };
    });
    this.logger.log(`office ${officeId} updated, ${result.affectedBookings.length} booking(s) cancelled`);
    // More counters or longer hours may have room for the waiting list.
    this.scheduler.wake();
    return result;
  }
}
