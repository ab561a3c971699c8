import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { connectEventConsumer, type EventConsumerConnection } from '@amtsweg/eventing';
import { dataSourceToken } from '@amtsweg/platform';

/**
 * The id of messaging's event consumer transport: handlers name it in
 * `@EventPattern(type, MESSAGING_TRANSPORT)`, the bootstrap in `connectEventConsumer`.
 */
export const MESSAGING_TRANSPORT = Symbol('messaging');

/**
 * Attaches messaging's event consumer to an app that imports `MessagingModule` (and, once per
 * process, `EventingModule.forRoot`). Call after configuring the app; consuming starts at
 * `app.startAllMicroservices()`.
 */
export function connectMessagingConsumer(app: INestApplication, retry?: EventConsumerConnection['retry']): INestMicroservice {
  return connectEventConsumer(app, {
    service: 'messaging',
    transportId: MESSAGING_TRANSPORT,
    dataSourceToken: dataSourceToken('messaging'),
    retry,
  });
}
