import { TenantCreatedV1, TenantUpdatedV1, type FederalState } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Tenant } from './tenant';

/**
 * Appends a tenant's events to the outbox, keyed by its slug (the compaction key of
 * `appointments.tenant`): the whole state after the change, so the newest record alone is enough.
 */
@Injectable()
export class TenantEvents {
  constructor(private readonly outbox: Outbox) {}

  /** Inside the transaction of `manager`, the one that changes the tenant; `tenant.revision` is the new one. */
  async append(manager: EntityManager, contract: typeof TenantCreatedV1 | typeof TenantUpdatedV1, tenant: Tenant): Promise<void> {
    const data: TenantCreatedV1 = {
      slug: tenant.slug,
      name: tenant.name,
      federalState: tenant.federalState as FederalState,
      timeZone: tenant.timeZone,
      suspended: tenant.suspended,
      revision: tenant.revision,
    };
    await this.outbox.append(manager, contract, data, { subject: tenant.slug, tenantId: tenant.slug });
  }
}
