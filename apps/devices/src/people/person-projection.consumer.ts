import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PersonDeactivatedV1, PersonUpsertedV1 } from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { DevicesPeople } from '../directory/user-directory';
import { DEVICES_TRANSPORT } from '../devices.transport';

/**
 * Keeps `devices.person` equal to messaging's directory. What a deactivated person still holds is
 * not changed here: the devices list flags it (`holderDeactivated`) for the it-admins to take back.
 */
@Controller()
export class PersonProjectionConsumer {
  constructor(private readonly people: DevicesPeople) {}

  @EventPattern<string>(PersonUpsertedV1.type, DEVICES_TRANSPORT)
  async onUpserted(@Payload() event: PersonUpsertedV1, @Ctx() context: EventContext): Promise<void> {
    await this.people.apply(context.manager, event, new Date(context.envelope.time));
  }

  @EventPattern<string>(PersonDeactivatedV1.type, DEVICES_TRANSPORT)
  async onDeactivated(@Payload() event: PersonDeactivatedV1, @Ctx() context: EventContext): Promise<void> {
    await this.people.apply(context.manager, event, new Date(context.envelope.time));
  }
}
