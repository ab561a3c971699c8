import { TenantDeletedV1 } from '@amtsweg/contracts';
import { AdminAudit, Outbox, TenantErasure } from '@amtsweg/eventing';
import { Clock, DomainError, type AdminActor } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AppointmentsConfig } from '../../appointments.config';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { TenantDirectory } from '../../tenancy/tenant-directory';
import { TenantExports } from '../tenant-exports';

const DAY_MS = 24 * 60 * 60_000;

export interface TenantDeletion {
  slug: string;
  requestedAt: Date;
}

/**
 * A provider-admin off-boards a municipality for good: only after it has been suspended for
 * TENANT_DELETION_AFTER_SUSPENSION_DAYS and exported (all four parts delivered) since the suspension
 * began — the signed documents leave before anything is erased. One transaction records the slug as
 * retired (from then on it is unknown here) and appends `tenant.deleted`; the rows go afterwards, in
 * TenantErasure's rounds, here and in every other service.
 */
@Injectable()
export class DeleteTenantHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly tenants: TenantDirectory,
    private readonly exports: TenantExports,
    private readonly erasure: TenantErasure,
    private readonly outbox: Outbox,
    private readonly config: AppointmentsConfig,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  async execute(slug: string, actor: AdminActor): Promise<TenantDeletion> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders the deletion after a concurrent suspension or reactivation.
      await manager.query('SELECT 1 FROM appointments.tenant WHERE slug = $1 FOR UPDATE', [slug]);
      const tenant = await this.tenants.find(slug, manager);
      if (!tenant) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
      const now = this.clock.now();
      if (!tenant.suspended || !tenant.suspendedSince)
        throw DomainError.conflict('TENANT.NOT_SUSPENDED', 'Only a suspended municipality can be deleted; suspend it first.');
      const earliest = new Date(tenant.suspendedSince.getTime() + this.config.TENANT_DELETION_AFTER_SUSPENSION_DAYS * DAY_MS);
      if (now < earliest)
        throw DomainError.conflict(
          'TENANT.NOT_SUSPENDED_LONG_ENOUGH',
          `The municipality has been suspended since ${tenant.suspendedSince.toISOString()}; it can be deleted from ${earliest.toISOString()} on.`,
        );
      if (!(await this.exports.deliveredSince(manager, slug, tenant.suspendedSince)))
        throw DomainError.conflict(
          'TENANT.NOT_EXPORTED',
          'Export the municipality first: an export requested since its suspension began must have all four parts downloaded.',
        );
      const revision = tenant.revision + 1;
      await manager.query('UPDATE appointments.tenant SET revision = $2 WHERE slug = $1', [slug, revision]);
      await this.erasure.request(manager, slug, revision, now);
      await this.outbox.append(manager, TenantDeletedV1, { slug, revision }, { subject: slug, tenantId: slug });
      // Provider-wide (no tenant): the erasure takes every entry of the tenant, this one stays.
      await this.audit.record(manager, {
        tenant: null,
        actor,
        action: 'tenant.deleted',
        subject: { type: 'tenant', id: slug },
        before: { slug, name: tenant.name, federalState: tenant.federalState, suspendedSince: tenant.suspendedSince },
        after: null,
      });
      return { slug, requestedAt: now };
    });
  }
}
