import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { Clock } from '@amtsweg/platform';
import { officeResponse } from '../list-offices/list-offices.http.controller';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { CancelByOffice, type AffectedBooking } from '../../booking/cancel-by-office/cancel-by-office';
import type { Tenant } from '../../tenancy/tenant';
import { OfficeRepository } from '../office.repository';
import { OfficeWriter } from '../office-writer';

@Injectable()
export class DeleteOfficeHandler {
  private readonly logger = new Logger(DeleteOfficeHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly writer: OfficeWriter,
    private readonly cancellations: CancelByOffice,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  /** Refused (409) while the office has bookings ahead, unless `cancelAffected`: then they are cancelled and listed. */
  async execute(tenant: Tenant, officeId: string, cancelAffected: boolean, actor: AdminActor): Promise<AffectedBooking[]> {
    const now = this.clock.now();
    const affected = await this.dataSource.transaction(async (manager) => {
      const current = await this.offices.require(manager, tenant.slug, officeId, { forUpdate: true });
      await this.writer.markDeleted(manager, tenant.slug, officeId, now);
      const affected = await this.cancellations.settleOffice(manager, tenant, officeId, undefined, now, {
        cancelAffected,
        conflictCode: 'OFFICE.BOOKINGS_AFFECTED',
      });
      await this.writer.deleted(manager, tenant.slug, officeId, affected.length);
      await this.audit.record(manager, {
        tenant: tenant.slug,
        actor: actor,
        action: 'office.deleted',
        subject: { type: 'office', id: officeId },
        before: officeResponse(current),
        after: null,
      });
      return affected;
    });
    this.logger.log(`office ${officeId} deleted, ${affected.length} booking(s) cancelled`);
    return affected;
  }
}
