import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonDeactivatedV1, PersonUpsertedV1, type EventContract, type PersonEvent } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import type { Person } from './person';

/**
 * Every change of a person, appended to the outbox in the transaction of the change, keyed by the
 * person's id: the compacted topic `messaging.person` keeps each person's latest record, which is
 * how signatures and devices (and a service started later) know the people.
 */
@Injectable()
export class PersonEvents {
  constructor(private readonly outbox: Outbox) {}

  upserted(manager: EntityManager, person: Person): Promise<void> {
    return this.announce(manager, PersonUpsertedV1, person);
  }

  deactivated(manager: EntityManager, person: Person): Promise<void> {
    return this.announce(manager, PersonDeactivatedV1, person);
  }

  private async announce(manager: EntityManager, contract: EventContract<PersonEvent>, person: Person): Promise<void> {
    const data = Object.assign(new contract(), {
      tenant: person.tenant,
      personId: person.id,
      email: person.email,
      name: person.name,
      roles: [...person.roles],
      active: person.active,
      ...(person.externalId ? { externalId: person.externalId } : {}),
    });
    await this.outbox.append(manager, contract, data, { subject: person.id, tenantId: person.tenant });
  }
}
