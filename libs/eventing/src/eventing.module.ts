import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { errorSummary, Metrics, PlatformConfig, ReadinessRegistry } from '@amtsweg/platform';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EmbeddedEventBus } from './bus/embedded-event-bus';
import { EVENT_BUS, type EventBus } from './bus/event-bus';
import { KafkaEventBus } from './bus/kafka-event-bus';
import { EventMetrics } from './observability/event-metrics';
import { outboxReadiness } from './observability/eventing-readiness';
import { AdminAudit, adminChangeContract } from './admin-audit/admin-audit';
import { Outbox } from './outbox/outbox';
import { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';

export interface EventingRootOptions {
  /** Kafka when given; otherwise the in-process bus (embedded default). */
  kafkaBrokers?: string[];
  topicPrefix?: string;
  clientId?: string;
}

export interface ServiceEventingOptions {
  /** The service's name, which is also its schema. */
  service: string;
  /** Where the service's DataSource is provided (visible to this module, e.g. globally). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  dataSourceToken: string | symbol | Function;
  relay?: Pick<OutboxRelayOptions, 'pollIntervalMs' | 'batchSize' | 'maxBackoffMs' | 'retentionMs'>;
}

function createEventBus(options: EventingRootOptions): EventBus {
  if (!options.kafkaBrokers?.length) return new EmbeddedEventBus();
  return new KafkaEventBus({ brokers: options.kafkaBrokers, topicPrefix: options.topicPrefix, clientId: options.clientId });
}

@Injectable()
class EventBusShutdown implements OnApplicationShutdown {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  // After onModuleDestroy (relays flushed) and after the consumers were closed.
  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

@Injectable()
class OutboxRelayRun implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(OutboxRelay) private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    try {
      await this.relay.flush();
    } catch (error) {
      // Nothing is lost: the events wait in the outbox for the next start.
      new Logger(`OutboxRelay:${this.relay.service}`).warn(`could not publish everything before shutdown: ${errorSummary(error)}`);
    } finally {
      await this.relay.stop();
    }
  }
}

/** Without the platform's registry (a bare test module) the series are counted and not served. */
function eventMetricsFor(metrics?: Metrics): EventMetrics {
  return new EventMetrics(metrics?.registry ?? new Registry());
}

// Module-scoped: two services' forService modules in one app each have their own value.
const SERVICE_EVENTING_OPTIONS = Symbol('SERVICE_EVENTING_OPTIONS');

@Module({})
export class EventingModule {
  /** Once per process: the EventBus (global), closed at shutdown. */
  static forRoot(options: EventingRootOptions = {}): DynamicModule {
    return {
      module: EventingModule,
      global: true,
      providers: [
        {
          provide: EVENT_BUS,
          // Not a readiness check: the outbox holds what cannot be published while the broker is away
          // (amtsweg_broker_connected reports it).
          useFactory: () => createEventBus(options),
        },
        {
          provide: EventMetrics,
          useFactory: (bus: EventBus, metrics?: Metrics) => {
            const eventMetrics = eventMetricsFor(metrics);
            eventMetrics.watchBus(bus);
            return eventMetrics;
          },
          inject: [EVENT_BUS, { token: Metrics, optional: true }],
        },
        EventBusShutdown,
      ],
      exports: [EVENT_BUS, EventMetrics],
    };
  }

  /**
   * Once per service, in the service's module: its `Outbox` (to inject into use cases) and its
   * `OutboxRelay` (exported for health: `backlog()`), which runs from bootstrap until shutdown;
   * registers the outbox's backlog gauges (and, with OUTBOX_READY_MAX_BACKLOG, its readiness check).
   */
  static forService(options: ServiceEventingOptions): DynamicModule {
    return {
      module: EventingModule,
      providers: [
        // The options are part of the module's identity, so two services' modules never merge.
        { provide: SERVICE_EVENTING_OPTIONS, useValue: options },
        { provide: Outbox, useFactory: (o: ServiceEventingOptions) => new Outbox(o.service), inject: [SERVICE_EVENTING_OPTIONS] },
        {
          provide: AdminAudit,
          useFactory: (outbox: Outbox, o: ServiceEventingOptions) => new AdminAudit(outbox, adminChangeContract(o.service)),
          inject: [Outbox, SERVICE_EVENTING_OPTIONS],
        },
        {
          provide: OutboxRelay,
          useFactory: (
            o: ServiceEventingOptions,
            dataSource: DataSource,
            bus: EventBus,
            metrics: EventMetrics,
            readiness?: ReadinessRegistry,
            config?: PlatformConfig,
            platformMetrics?: Metrics,
          ) => {
            const roundMetrics = platformMetrics?.rounds;
            const relay = new OutboxRelay({ ...o.relay, service: o.service, dataSource, bus, metrics, roundMetrics });
            metrics.watchOutbox(relay);
            if (config?.OUTBOX_READY_MAX_BACKLOG !== undefined)
              readiness?.register(outboxReadiness(relay, config.OUTBOX_READY_MAX_BACKLOG));
            return relay;
          },
          inject: [
            SERVICE_EVENTING_OPTIONS,
            options.dataSourceToken,
            EVENT_BUS,
            EventMetrics,
            { token: ReadinessRegistry, optional: true },
            { token: PlatformConfig, optional: true },
            { token: Metrics, optional: true },
          ],
        },
        OutboxRelayRun,
      ],
      exports: [Outbox, OutboxRelay, AdminAudit],
    };
  }
}
