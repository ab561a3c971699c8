import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { connectEventConsumer, type EventConsumerConnection } from '@amtsweg/eventing';
import { dataSourceToken } from '@amtsweg/platform';

/**
 * The id of the signatures service's event consumer transport: handlers name it in
 * `@EventPattern(type, SIGNATURES_TRANSPORT)`, the bootstrap in `connectEventConsumer`.
 */
export const SIGNATURES_TRANSPORT = Symbol('signatures');

/**
 * Attaches the signatures consumer (devices' handover requests) to an app that imports
 * `SignaturesModule` and, once per process, `EventingModule.forRoot`. Consuming starts at
 * `app.startAllMicroservices()`.
 */
export function connectSignaturesConsumer(app: INestApplication, retry?: EventConsumerConnection['retry']): INestMicroservice {
  return connectEventConsumer(app, {
    service: 'signatures',
    transportId: SIGNATURES_TRANSPORT,
    dataSourceToken: dataSourceToken('signatures'),
    retry,
  });
}
