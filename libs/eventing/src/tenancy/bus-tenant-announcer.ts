import { setTimeout as sleep } from 'node:timers/promises';
import { TenantCreatedV1, type FederalState } from '@amtsweg/contracts';
import { newId, TenantAnnouncer, type AnnouncedTenant } from '@amtsweg/platform';
import type { EventBus } from '../bus/event-bus';
import { toBusRecord, type CloudEvent } from '../envelope';
import { validateEventPayload } from '../event-payload';
import type { KnownTenantsProjection } from './known-tenants.projection';

const WAIT_MS = 15_000;

/** TenantAnnouncer on the process's bus: the records appointments' relay would publish, revision 1. */
export class BusTenantAnnouncer extends TenantAnnouncer {
  constructor(
    private readonly bus: EventBus,
    private readonly projection: KnownTenantsProjection,
  ) {
    super();
  }

  async announce(tenants: AnnouncedTenant[]): Promise<void> {
    const records = tenants.map((tenant) => {
      const data = validateEventPayload(
        TenantCreatedV1,
        { ...tenant, federalState: tenant.federalState as FederalState, suspended: false, revision: 1 },
        'publish',
      );
      const event: CloudEvent<TenantCreatedV1> = {
        id: newId(),
        source: '/amtsweg/appointments',
        type: TenantCreatedV1.type,
        specversion: '1.0',
        time: new Date().toISOString(),
        subject: tenant.slug,
        datacontenttype: 'application/json',
        tenantid: tenant.slug,
        correlationid: newId(),
        data,
      };
      return toBusRecord(TenantCreatedV1.topic, event);
    });
    await this.bus.ensureTopics([TenantCreatedV1.topic]);
    await this.bus.publish(records);
    const deadline = Date.now() + WAIT_MS;
    for (const { slug } of tenants) {
      while (!(await this.projection.find(slug))) {
        if (Date.now() > deadline) throw new Error(`tenant "${slug}" was announced but not projected within ${WAIT_MS} ms`);
        await sleep(10);
      }
    }
  }
}
