import type { RequestHandler } from 'express';
import type { PlatformConfig, ServiceProcess, ServiceUnit } from '@amtsweg/platform';
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
  };
}
