import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonEvent } from '@amtsweg/contracts';

/**
 * `appointments.tenant_person`: which people each tenant has and whether they are active — all the
 * provider's list needs to count them (`counts.people`). Names and addresses stay in messaging's
 * directory. Every person event carries the person's whole state and the compacted topic keeps them
 * in order per person, so applying one is an upsert; the inbox stops a redelivered one.
 */
@Injectable()
export class TenantPeople {
  private readonly logger = new Logger(TenantPeople.name);

  /** Inside the consumer's inbox transaction. A tenant the registry does not hold (off-boarded) is skipped. */
  async apply(manager: EntityManager, event: Pick<PersonEvent, 'tenant' | 'personId' | 'active'>): Promise<void> {
    const written = (await manager.query(
      `INSERT INTO appointments.tenant_person (tenant, person_id, active)
       SELECT slug, $2, $3 FROM appointments.tenant WHERE slug = $1
       ON CONFLICT (tenant, person_id) DO UPDATE SET active = EXCLUDED.active
       RETURNING person_id`,
      [event.tenant, event.personId, event.active],
    )) as unknown[];
    if (written.length === 0) this.logger.warn(`person ${event.personId} of unknown tenant "${event.tenant}" not counted`);
  }
}
