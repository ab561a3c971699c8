import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PersonDeactivatedV1, PersonUpsertedV1 } from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { APPOINTMENTS_TRANSPORT } from '../../appointments.transport';
import { TenantPeople } from './tenant-people';

/** Keeps `appointments.tenant_person` (id, tenant, active, a hash of the address) equal to messaging's directory: `counts.people`, sign-in. */
@Controller()
export class TenantPeopleConsumer {
  constructor(private readonly people: TenantPeople) {}

  @EventPattern<string>(PersonUpsertedV1.type, APPOINTMENTS_TRANSPORT)
  async onUpserted(@Payload() event: PersonUpsertedV1, @Ctx() context: EventContext): Promise<void> {
    await this.people.apply(context.manager, event);
  }

  @EventPattern<string>(PersonDeactivatedV1.type, APPOINTMENTS_TRANSPORT)
  async onDeactivated(@Payload() event: PersonDeactivatedV1, @Ctx() context: EventContext): Promise<void> {
    await this.people.apply(context.manager, event);
  }
}
