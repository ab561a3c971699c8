import type { RequestHandler } from 'express';
import { newId, type ForeignEvent, type PlatformConfig, type ServiceProcess, type ServiceUnit } from '@amtsweg/platform';
import type { INestApplication } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '../bus/event-bus';
import { toBusRecord } from '../envelope';
import { EventingModule } from '../eventing.module';

/**
 * A process running some services: one event bus for all of them (Kafka, or the in-process bus
 * that lets them reach each other), each service's module, and each service's attach step.
 */
export function eventDrivenProcess(
  title: string,
  units: ServiceUnit[],
  edge?: (config: PlatformConfig) => RequestHandler[],
): ServiceProcess {
  return {
    title,
    services: units.filter((unit) => !unit.stateless).map((unit) => unit.name),
    edge,
    modules: (config) => [
      EventingModule.forRoot({
        kafkaBrokers: config.kafkaBrokers,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
        clientId: `amtsweg-${units.map((u) => u.name).join('-')}`,
      }),
      ...units.map((unit) => unit.module),
    ],
    prepare: async (app, config) => {
      for (const unit of units) await unit.attach?.(app, config);
    },
    deliver,
  };
}

/** Publishes on the process's bus as the other service's relay would, then waits until every group here has read it. */
async function deliver(app: INestApplication, events: ForeignEvent[]): Promise<void> {
  const bus = app.get<EventBus>(EVENT_BUS);
  await bus.publish(
    events.map((event) =>
      toBusRecord(event.topic, {
        id: newId(),
        source: event.source,
        type: event.type,
        specversion: '1.0',
        time: new Date().toISOString(),
        subject: event.subject,
        datacontenttype: 'application/json',
        tenantid: event.tenant,
        correlationid: newId(),
        data: event.data,
      }),
    ),
  );
  const topics = new Set(events.map((event) => event.topic));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const behind = (await bus.consumerLag()).filter((lag) => topics.has(lag.topic) && lag.records > 0);
    if (behind.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
