import { ShutdownDrain } from '@amtsweg/platform';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_BUS, type EventBus } from '../bus/event-bus';
import { EventMetrics } from '../observability/event-metrics';
import { EventConsumerServer, type EventConsumerOptions } from './event-consumer.server';
import { HandlerFailureInterceptor } from './handler-failure.interceptor';

export interface EventConsumerConnection {
  service: string;
  transportId: symbol;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  dataSourceToken: string | symbol | Function;
  retry?: EventConsumerOptions['retry'];
}

const appsWithFailureInterceptor = new WeakSet<INestApplication>();

/**
 * Attaches a service's event consumer to the app, with the app's global pipes, guards,
 * interceptors and filters — so call it after configuring those. It starts consuming at
 * `app.startAllMicroservices()`, and stops (finishing the record in hand) when the process drains
 * at SIGTERM, before the outbox relay's last flush.
 *
 * A global exception filter must let an RPC error through (rethrow or return `throwError`):
 * whatever it swallows counts as handled, and the handler's transaction commits.
 */
export function connectEventConsumer(app: INestApplication, connection: EventConsumerConnection): INestMicroservice {
  // Before connectMicroservice: Nest binds interceptors to handlers when it registers them.
  if (!appsWithFailureInterceptor.has(app)) {
    app.useGlobalInterceptors(new HandlerFailureInterceptor());
    appsWithFailureInterceptor.add(app);
  }
  const strategy = new EventConsumerServer({
    service: connection.service,
    transportId: connection.transportId,
    bus: app.get<EventBus>(EVENT_BUS),
    dataSource: app.get<DataSource>(connection.dataSourceToken, { strict: false }),
    retry: connection.retry,
    metrics: optionalProvider(app, EventMetrics),
  });
  optionalProvider(app, ShutdownDrain)?.onDrain(`${connection.service} event consumer`, () => strategy.close());
  return app.connectMicroservice({ strategy }, { inheritAppConfig: true });
}

/** Test apps built without PlatformModule (or EventingModule.forRoot) have no drain and no metrics. */
function optionalProvider<T>(app: INestApplication, token: abstract new (...args: never[]) => T): T | undefined {
  try {
    return app.get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}
