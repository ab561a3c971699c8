import { EventingModule, eventingOptionsFromEnv } from '@amtsweg/eventing';
import type { PlatformConfig, ServiceProcess } from '@amtsweg/platform';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from './appointments.database';
import { AppointmentsModule } from './appointments.module';
import { seedDemoData } from './seed/seed-demo-data';

/** Appointments as a process of its own (production: one deployment per service). */
export const appointmentsProcess: ServiceProcess = {
  title: 'amtsweg appointments',
  modules: () => [EventingModule.forRoot(eventingOptionsFromEnv()), AppointmentsModule],
  prepare: (app, config) => seedAppointmentsDemo(app, config),
};

/** Outside production, every start makes sure the demo tenants, offices and services exist. */
export async function seedAppointmentsDemo(app: INestApplication, config: PlatformConfig): Promise<void> {
  if (config.production) return;
  await seedDemoData(app.get<DataSource>(APPOINTMENTS_DATA_SOURCE), { today: new Date() });
}
