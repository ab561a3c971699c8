import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { connectEventConsumer, type EventConsumerConnection } from '@amtsweg/eventing';
import { APPOINTMENTS, APPOINTMENTS_DATA_SOURCE } from './appointments.database';

/** The id of the appointments service's event consumer transport (`@EventPattern(type, APPOINTMENTS_TRANSPORT)`). */
export const APPOINTMENTS_TRANSPORT = Symbol('appointments');

/** Attaches the appointments consumer: the other services' reports of delivered export parts (off-boarding). */
export function connectAppointmentsConsumer(app: INestApplication, retry?: EventConsumerConnection['retry']): INestMicroservice {
  return connectEventConsumer(app, {
    service: APPOINTMENTS,
    transportId: APPOINTMENTS_TRANSPORT,
    dataSourceToken: APPOINTMENTS_DATA_SOURCE,
    retry,
  });
}
