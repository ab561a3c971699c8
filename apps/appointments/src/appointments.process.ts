import { eventDrivenProcess } from '@amtsweg/eventing';
import type { PlatformConfig, ServiceUnit } from '@amtsweg/platform';
import type { INestApplication } from '@nestjs/common';
import { APPOINTMENTS } from './appointments.database';
import { AppointmentsModule } from './appointments.module';
import { seedDemoData } from './seed/seed-demo-data';

/** Appointments publishes only; outside production it makes sure the demo tenants exist at every start. */
export const appointmentsUnit: ServiceUnit = {
  name: APPOINTMENTS,
  module: AppointmentsModule,
  attach: (app, config) => seedAppointmentsDemo(app, config),
};

/** Appointments as a process of its own (production: one deployment per service). */
export const appointmentsProcess = eventDrivenProcess('amtsweg appointments', [appointmentsUnit]);

export async function seedAppointmentsDemo(app: INestApplication, config: PlatformConfig): Promise<void> {
  if (config.production) return;
  await seedDemoData(app, { today: new Date() });
}
