import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { connectEventConsumer, type EventConsumerConnection } from '@amtsweg/eventing';
import { DEVICES, DEVICES_DATA_SOURCE } from './devices.database';

/**
 * The id of the devices service's event consumer transport: handlers name it in
 * `@EventPattern(type, DEVICES_TRANSPORT)`, the bootstrap in `connectEventConsumer`.
 */
export const DEVICES_TRANSPORT = Symbol('devices');

/**
 * Attaches the devices consumer (signatures' completed / rejected / expired requests that carry a
 * handover id) to an app that imports `DevicesModule` and, once per process, `EventingModule.forRoot`.
 */
export function connectDevicesConsumer(app: INestApplication, retry?: EventConsumerConnection['retry']): INestMicroservice {
  return connectEventConsumer(app, { service: DEVICES, transportId: DEVICES_TRANSPORT, dataSourceToken: DEVICES_DATA_SOURCE, retry });
}
