import type { EntityManager } from 'typeorm';

/**
 * What a consumer handler receives as `@Ctx()`: the manager of the inbox transaction (every write
 * goes through it) and the CloudEvent envelope.
 *
 * A structural stand-in for `EventContext` from `@amtsweg/eventing` until that library lands;
 * it names only what messaging reads, so the real context fits it.
 */
export interface EventContext {
  manager: EntityManager;
  envelope: {
    id: string;
    tenantid: string;
    correlationid?: string;
    time?: string;
  };
}
