import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { Clock } from '@amtsweg/platform';
import { serviceResponse } from '../list-services/list-services.http.controller';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { CancelByOffice, type AffectedBooking } from '../../booking/cancel-by-office/cancel-by-office';
import type { Tenant } from '../../tenancy/tenant';
import { OfficeRepository, serviceNotFound } from '../office.repository';
import { ServiceWriter } from '../service-writer';

@Injectable()
export class DeleteServiceHandler {
  private readonly logger = new Logger(DeleteServiceHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly writer: ServiceWriter,
    private readonly cancellations: CancelByOffice,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  /** Refused (409) while the service has bookings ahead, unless `cancelAffected`: then they are cancelled and listed. */
  async execute(tenant: Tenant, serviceId: string, cancelAffected: boolean, actor: AdminActor): Promise<AffectedBooking[]> {
    const now = this.clock.now();
    const affected = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM appointments.service WHERE tenant = $1 AND id = $2 FOR UPDATE', [tenant.slug, serviceId]);
      const service = await this.offices.requireService(manager, tenant.slug, serviceId);
      if (service.deleted) throw serviceNotFound();
      await this.writer.markDeleted(manager, tenant.slug, serviceId, now);
      const affected = await this.cancellations.settleService(manager, tenant, serviceId, [], now, {
        cancelAffected,
        conflictCode: 'SERVICE.BOOKINGS_AFFECTED',
      });
      await this.writer.deleted(manager, tenant.slug, serviceId, affected.length);
      await this.audit.record(manager, {
        tenant: tenant.slug,
        actor: actor,
        action: 'service.deleted',
        subject: { type: 'service', id: serviceId },
        before: serviceResponse(service),
        after: null,
      });
      return affected;
    });
    this.logger.log(`service ${serviceId} deleted, ${affected.length} booking(s) cancelled`);
    return affected;
  }
}
