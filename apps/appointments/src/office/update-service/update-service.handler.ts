import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { Clock } from '@amtsweg/platform';
import { serviceResponse } from '../list-services/list-services.http.controller';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { CancelByOffice, type AffectedBooking } from '../../booking/cancel-by-office/cancel-by-office';
import type { Tenant } from '../../tenancy/tenant';
import type { Service } from '../office';
import { OfficeRepository, serviceNotFound } from '../office.repository';
import { patchedServiceDraft } from '../service-draft';
import { ServiceWriter } from '../service-writer';
import type { UpdateServiceRequest } from '../service.request.dto';

export interface UpdatedService {
  service: Service;
  /** Bookings at offices no longer listed, cancelled (the change is refused when there are some and cancelAffected is not set). */
  affectedBookings: AffectedBooking[];
}

@Injectable()
export class UpdateServiceHandler {
  private readonly logger = new Logger(UpdateServiceHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly writer: ServiceWriter,
    private readonly cancellations: CancelByOffice,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  async execute(tenant: Tenant, serviceId: string, patch: UpdateServiceRequest, actor: AdminActor): Promise<UpdatedService> {
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM appointments.service WHERE tenant = $1 AND id = $2 FOR UPDATE', [tenant.slug, serviceId]);
      const current = await this.offices.requireService(manager, tenant.slug, serviceId);
      if (current.deleted) throw serviceNotFound();
      const draft = patchedServiceDraft(current, patch);
      await this.writer.assertOffices(manager, tenant.slug, draft);
      await this.writer.update(manager, tenant.slug, serviceId, draft);
      const affectedBookings = await this.cancellations.settleService(manager, tenant, serviceId, draft.officeIds, now, {
        cancelAffected: patch.cancelAffected === true,
        conflictCode: 'SERVICE.BOOKINGS_AFFECTED',
      });
      const service = await this.offices.requireService(manager, tenant.slug, serviceId);
      await this.writer.updated(manager, service, affectedBookings.length);
      await this.audit.record(manager, {
        tenant: tenant.slug,
        actor: actor,
        action: 'service.updated',
        subject: { type: 'service', id: serviceId },
        before: serviceResponse(current),
        after: { ...serviceResponse(service), cancelledBookings: affectedBookings.length },
      });
      return { service, affectedBookings };
    });
    this.logger.log(`service ${serviceId} updated, ${result.affectedBookings.length} booking(s) cancelled`);
    return result;
  }
}
