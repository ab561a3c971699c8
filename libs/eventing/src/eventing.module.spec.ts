import { BookingConfirmedV1 } from '@amtsweg/contracts';
import { newId, PlatformConfig, ReadinessRegistry } from '@amtsweg/platform';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { EmbeddedEventBus } from './bus/embedded-event-bus';
import { EVENT_BUS, type EventBus } from './bus/event-bus';
import { KafkaEventBus } from './bus/kafka-event-bus';
import { EventingModule } from './eventing.module';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { bookingConfirmed } from './testing/booking-events';

/** Enough of a DataSource for a relay that finds nothing to publish. */
function idleDataSource(): DataSource {
  const query = async () => [];
  return { options: { driver: {} }, subscribers: [], manager: { query }, query } as unknown as DataSource;
}

/** The SQL an outbox writes, through a manager that is inside a transaction. */
function recordingManager(): { manager: EntityManager; statements: string[] } {
  const statements: string[] = [];
  const manager = { queryRunner: { isTransactionActive: true, data: {} }, query: async (sql: string) => void statements.push(sql) };
  return { manager: manager as unknown as EntityManager, statements };
}

describe('EventingModule', () => {
  it.each([
    ['reference', 'ds:messaging'],
    ['deep-hash', 'ds:messaging'],
    // Then only the service name tells the two modules' metadata apart.
    ['deep-hash', 'ds:appointments'],
  ] as const)(
    'gives two services in one app their own Outbox and relay (module ids by %s, messaging on %s)',
    async (moduleIdGeneratorAlgorithm, messagingDataSource) => {
      @Global()
      @Module({})
      class Databases {}
      const databases: DynamicModule = {
        module: Databases,
        providers: ['appointments', 'messaging'].map((service) => ({ provide: `ds:${service}`, useValue: idleDataSource() })),
        exports: ['ds:appointments', 'ds:messaging'],
      };
      const appointments = EventingModule.forService({ service: 'appointments', dataSourceToken: 'ds:appointments' });
      const messaging = EventingModule.forService({ service: 'messaging', dataSourceToken: messagingDataSource });
      const moduleRef = await Test.createTestingModule(
        { imports: [databases, EventingModule.forRoot(), appointments, messaging] },
        { moduleIdGeneratorAlgorithm },
      ).compile();
      const app = await moduleRef.createNestApplication({ logger: false }).init();

      const relays = [appointments, messaging].map((module) => app.select(module).get(OutboxRelay, { strict: true }));
      expect(relays.map((relay) => relay.service)).toEqual(['appointments', 'messaging']);
      const outboxes = [appointments, messaging].map((module) => app.select(module).get(Outbox, { strict: true }));
      expect(outboxes[0]).not.toBe(outboxes[1]);
      for (const [index, schema] of ['appointments', 'messaging'].entries()) {
        const { manager, statements } = recordingManager();
        await outboxes[index].append(manager, BookingConfirmedV1, bookingConfirmed('ABCD-0001'), { subject: newId(), tenantId: 'demo' });
        expect(statements[0]).toContain(`INSERT INTO "${schema}".outbox_event`);
      }
      await app.close();
    },
  );

  it('provides the embedded bus without brokers, Kafka with them, and closes it at shutdown', async () => {
    const busOf = async (options: Parameters<typeof EventingModule.forRoot>[0]) => {
      const app = await (
        await Test.createTestingModule({ imports: [EventingModule.forRoot(options)] }).compile()
      )
        .createNestApplication({ logger: false })
        .init();
      const bus = app.get<EventBus>(EVENT_BUS);
      const close = jest.spyOn(bus, 'close');
      await app.close();
      expect(close).toHaveBeenCalled();
      return bus;
    };
    expect(await busOf({})).toBeInstanceOf(EmbeddedEventBus);
    expect(await busOf({ kafkaBrokers: ['127.0.0.1:1'], topicPrefix: 't-' })).toBeInstanceOf(KafkaEventBus);
  });
});

describe('EventingModule and readiness', () => {
  const readinessOf = async (config: Partial<PlatformConfig>) => {
    const registry = new ReadinessRegistry();
    @Global()
    @Module({
      providers: [
        { provide: 'ds:appointments', useValue: idleDataSource() },
        { provide: ReadinessRegistry, useValue: registry },
        { provide: PlatformConfig, useValue: config },
      ],
      exports: ['ds:appointments', ReadinessRegistry, PlatformConfig],
    })
    class Context {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        Context,
        EventingModule.forRoot(),
        EventingModule.forService({ service: 'appointments', dataSourceToken: 'ds:appointments' }),
      ],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    await app.close();
    return registry.all().map((check) => check.name);
  };

  it('registers no readiness check of its own: neither the bus nor the outbox backlog', async () => {
    expect(await readinessOf({})).toEqual([]);
  });

  it('checks the outbox backlog only when OUTBOX_READY_MAX_BACKLOG opts in', async () => {
    expect(await readinessOf({ OUTBOX_READY_MAX_BACKLOG: 500 })).toEqual(['appointments-outbox']);
  });
});
