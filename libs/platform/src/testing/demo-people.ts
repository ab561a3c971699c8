import type { INestApplication } from '@nestjs/common';
import type { ServiceProcess } from '../bootstrap/service-process';
import { DEMO_USERS } from '../identity/demo-users';

/**
 * The test app of a service that projects messaging's people directory (signatures, devices) runs
 * without messaging: it learns the demo people the real way, `person.upserted` through its bus,
 * consumer and inbox, as messaging publishes them at start. Written out here because platform
 * knows no contracts: the consumer validates each record against `PersonUpsertedV1`, so a drift
 * fails every test that names a demo person. Messaging itself creates them (DemoPeople).
 */
export async function knowDemoPeople(process_: ServiceProcess, app: INestApplication): Promise<void> {
  if (!process_.deliver || process_.services?.includes('messaging')) return;
  await process_.deliver(
    app,
    DEMO_USERS.map((user) => ({
      type: 'de.amtsweg.messaging.person.upserted.v1',
      topic: 'messaging.person',
      source: '/amtsweg/messaging',
      subject: user.id,
      tenant: user.tenant,
      data: { tenant: user.tenant, personId: user.id, email: user.email, name: user.name, roles: [...user.roles], active: true },
    })),
  );
}
