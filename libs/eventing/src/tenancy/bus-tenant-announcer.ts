import { TenantCreatedV1, type FederalState } from '@amtsweg/contracts';
import { newId, TenantAnnouncer, type AnnouncedTenant } from '@amtsweg/platform';
import type { EventBus } from '../bus/event-bus';
import { toBusRecord, type CloudEvent } from '../envelope';
import { validateEventPayload } from '../event-payload';
import type { KnownTenantsProjection } from './known-tenants.projection';

/**
 * TenantAnnouncer on the process's bus: the records appointments' relay would publish, revision 1,
 * for the service's consumer and inbox. The projection also takes them at once, the way its consumer
 * does: a test app that runs the service without its consumer (many HTTP specs do) must still know
 * the tenants, and a consumer that reads the records later finds the same revision and changes nothing.
 */
export class BusTenantAnnouncer extends TenantAnnouncer {
  constructor(
    private readonly bus: EventBus,
    private readonly projection: KnownTenantsProjection,
  ) {
    super();
  }

  async announce(tenants: AnnouncedTenant[]): Promise<void> {
    const events = tenants.map((tenant): CloudEvent<TenantCreatedV1> => {
      const data = validateEventPayload(
        TenantCreatedV1,
        { ...tenant, federalState: tenant.federalState as FederalState, suspended: false, revision: 1 },
        'publish',
      );
      return {
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
    });
    await this.bus.ensureTopics([TenantCreatedV1.topic]);
    await this.bus.publish(events.map((event) => toBusRecord(TenantCreatedV1.topic, event)));
    for (const event of events) await this.projection.applyNow(event.data, new Date(event.time));
  }
}
