import { TenantUpdatedV1 } from '@amtsweg/contracts';
import { AdminAudit } from '@amtsweg/eventing';
import { Clock, DomainError, type AdminActor } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { Tenant } from '../tenant';
import { TenantDirectory } from '../tenant-directory';
import { TenantEvents } from '../tenant-events';
import { tenantResponse } from '../tenant.response.dto';

export interface UpdateTenantCommand {
  slug: string;
  name?: string;
  suspended?: boolean;
  actor: AdminActor;
}

/**
 * A provider-admin renames, suspends or reactivates a municipality: the row and `tenant.updated`
 * (the whole new state) in one transaction. A change to what it already is changes nothing and
 * publishes nothing.
 */
@Injectable()
export class UpdateTenantHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly tenants: TenantDirectory,
    private readonly events: TenantEvents,
    private readonly audit: AdminAudit,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateTenantCommand): Promise<Tenant> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders two changes of one tenant, so their revisions follow each other.
      await manager.query('SELECT 1 FROM appointments.tenant WHERE slug = $1 FOR UPDATE', [command.slug]);
      const current = await this.tenants.find(command.slug, manager);
      if (!current) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
      const next: Tenant = {
        ...current,
        name: command.name ?? current.name,
        suspended: command.suspended ?? current.suspended,
      };
      if (next.name === current.name && next.suspended === current.suspended) return current;
      next.revision = current.revision + 1;
      // Off-boarding counts the days from the start of the current suspension.
      if (next.suspended !== current.suspended) next.suspendedSince = next.suspended ? this.clock.now() : null;
      await manager.query('UPDATE appointments.tenant SET name = $2, suspended = $3, revision = $4, suspended_since = $5 WHERE slug = $1', [
        next.slug,
        next.name,
        next.suspended,
        next.revision,
        next.suspendedSince,
      ]);
      await this.events.append(manager, TenantUpdatedV1, next);
      await this.audit.record(manager, {
        tenant: next.slug,
        actor: command.actor,
        action: 'tenant.updated',
        subject: { type: 'tenant', id: next.slug },
        before: tenantResponse(current),
        after: tenantResponse(next),
      });
      return next;
    });
  }
}
