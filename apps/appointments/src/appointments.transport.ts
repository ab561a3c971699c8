import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { connectEventConsumer, type EventConsumerConnection } from '@amtsweg/eventing';
import { APPOINTMENTS, APPOINTMENTS_DATA_SOURCE } from './appointments.database';

/**
 * The id of appointments' event consumer transport: handlers name it in
 * `@EventPattern(type, APPOINTMENTS_TRANSPORT)`, the bootstrap in `connectEventConsumer`.
 */
export const APPOINTMENTS_TRANSPORT = Symbol('appointments');

/**
 * Attaches appointments' event consumer (the directory's person events, for the provider's counts;
 * every service's admin changes, for the admin audit; the reports of delivered
 * export parts, for off-boarding) to an app that imports `AppointmentsModule`
 * and, once per process, `EventingModule.forRoot`. Consuming starts at `app.startAllMicroservices()`.
 */
export function connectAppointmentsConsumer(app: INestApplication, retry?: EventConsumerConnection['retry']): INestMicroservice {
  return connectEventConsumer(app, {
    service: APPOINTMENTS,
    transportId: APPOINTMENTS_TRANSPORT,
    dataSourceToken: APPOINTMENTS_DATA_SOURCE,
    retry,
  });
}
