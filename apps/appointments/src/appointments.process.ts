import { eventDrivenProcess } from '@amtsweg/eventing';
import type { PlatformConfig, ServiceUnit } from '@amtsweg/platform';
import type { INestApplication } from '@nestjs/common';
import { APPOINTMENTS } from './appointments.database';
import { AppointmentsModule } from './appointments.module';
import { connectAppointmentsConsumer } from './appointments.transport';
import { seedDemoData } from './seed/seed-demo-data';
import { AnnounceEarlierTenants } from './tenancy/announce-earlier-tenants';

/**
 * Appointments consumes the directory's person events (to count each tenant's people), every
 * service's admin changes (the admin audit) and the reports of delivered export parts
 * (off-boarding). At every start it announces tenants from before the registry; outside production
 * it makes sure the demo tenants exist.
 */
export const appointmentsUnit: ServiceUnit = {
  name: APPOINTMENTS,
  module: AppointmentsModule,
  attach: async (app, config) => {
    connectAppointmentsConsumer(app);
    await app.get(AnnounceEarlierTenants).run();
    await seedAppointmentsDemo(app, config);
  },
};

/** Appointments as a process of its own (production: one deployment per service). */
export const appointmentsProcess = eventDrivenProcess('amtsweg appointments', [appointmentsUnit]);

export async function seedAppointmentsDemo(app: INestApplication, config: PlatformConfig): Promise<void> {
  if (config.production) return;
  await seedDemoData(app, { today: new Date() });
}
