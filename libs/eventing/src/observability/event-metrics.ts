import { Counter, Gauge, Registry } from 'prom-client';
import type { EventBus } from '../bus/event-bus';
import type { OutboxBacklog } from '../outbox/outbox-relay';

/** What the outbox gauges ask each service's relay at scrape time. */
export interface OutboxBacklogSource {
  readonly service: string;
  backlog(): Promise<OutboxBacklog>;
}

type ServiceAndType = 'service' | 'type';

/**
 * The event flow as Prometheus series, labelled by service and CloudEvents type (a small, fixed
 * set: the contracts); outbox backlog and consumer lag are read when Prometheus scrapes.
 */
export class EventMetrics {
  readonly published: Counter<ServiceAndType>;
  readonly consumed: Counter<ServiceAndType>;
  readonly failed: Counter<ServiceAndType>;
  readonly deadLettered: Counter<ServiceAndType>;
  private readonly outboxes = new Set<OutboxBacklogSource>();
  private bus?: Pick<EventBus, 'consumerLag' | 'isHealthy'>;

  constructor(registry: Registry) {
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ['service', 'type'], registers: [registry] });
    this.published = counter('amtsweg_events_published_total', 'Events the outbox relay handed to the bus.');
    this.consumed = counter('amtsweg_events_consumed_total', 'Events a consumer handled (or found already handled in its inbox).');
    this.failed = counter('amtsweg_events_failed_total', 'Handler attempts that failed (each retry counts).');
    this.deadLettered = counter('amtsweg_events_dead_lettered_total', 'Records given up to <topic>.dlq (type "unknown" when unreadable).');

    const outboxes = this.outboxes;
    new Gauge({
      name: 'amtsweg_outbox_backlog_events',
      help: 'Events written to the outbox and not yet published.',
      labelNames: ['service'],
      registers: [registry],
      async collect() {
        for (const [service, backlog] of await backlogs(outboxes)) this.set({ service }, backlog.count);
      },
    });
    new Gauge({
      name: 'amtsweg_outbox_oldest_age_seconds',
      help: 'How long the oldest unpublished outbox event has waited.',
      labelNames: ['service'],
      registers: [registry],
      async collect() {
        for (const [service, backlog] of await backlogs(outboxes)) this.set({ service }, backlog.oldestAgeSeconds);
      },
    });
    const busOf = () => this.bus;
    new Gauge({
      name: 'amtsweg_broker_connected',
      help: 'Kafka: 1 while the last publish succeeded and every consumer of this process is in its group, else 0 (not part of readiness: the outbox holds events meanwhile).',
      registers: [registry],
      collect() {
        const bus = busOf();
        if (bus) this.set(bus.isHealthy() ? 1 : 0);
      },
    });
    const lagOfBus = () => this.bus?.consumerLag() ?? Promise.resolve([]);
    new Gauge({
      name: 'amtsweg_consumer_lag_records',
      help: 'Records of a topic a consumer group of this process has not yet handled (Kafka: log end minus committed offset).',
      labelNames: ['group', 'topic'],
      registers: [registry],
      async collect() {
        // A broker that does not answer leaves the series out of this scrape rather than failing it.
        const lags = await lagOfBus().catch(() => []);
        this.reset();
        for (const { group, topic, records } of lags) this.set({ group, topic }, records);
      },
    });
  }

  watchBus(bus: Pick<EventBus, 'consumerLag' | 'isHealthy'>): void {
    this.bus = bus;
  }

  watchOutbox(source: OutboxBacklogSource): void {
    this.outboxes.add(source);
  }
}

/** A database that does not answer leaves its series out of this scrape rather than failing it. */
async function backlogs(sources: Set<OutboxBacklogSource>): Promise<Array<[string, OutboxBacklog]>> {
  const read = await Promise.all(
    [...sources].map(async (source) => [source.service, await source.backlog().catch(() => undefined)] as const),
  );
  return read.filter((entry): entry is [string, OutboxBacklog] => entry[1] !== undefined);
}
