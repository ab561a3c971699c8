import { TenantCreatedV1 } from '@amtsweg/contracts';
import { changedRows } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { TenantDirectory } from './tenant-directory';
import { TenantEvents } from './tenant-events';

/**
 * Tenants written before the registry published events (revision 0: the demo seed of an older data
 * folder, or rows put in by hand) were never announced: each gets its `tenant.created` once, at
 * start, so the other services' projections know them too.
 */
@Injectable()
export class AnnounceEarlierTenants {
  private readonly logger = new Logger(AnnounceEarlierTenants.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly tenants: TenantDirectory,
    private readonly events: TenantEvents,
  ) {}

  async run(): Promise<void> {
    const announced = await this.dataSource.transaction(async (manager) => {
      const earlier = (await this.tenants.all(manager)).filter((tenant) => tenant.revision === 0);
      let count = 0;
      for (const tenant of earlier) {
        // Two replicas starting at once: only the one whose update takes the row announces it.
        if (
          (await changedRows(manager, 'UPDATE appointments.tenant SET revision = 1 WHERE slug = $1 AND revision = 0', [tenant.slug])) === 0
        )
          continue;
        await this.events.append(manager, TenantCreatedV1, { ...tenant, revision: 1 });
        count += 1;
      }
      return count;
    });
    if (announced > 0) this.logger.log(`announced ${announced} tenant(s) from before the registry`);
  }
}
