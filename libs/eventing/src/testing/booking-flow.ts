import { BookingConfirmedV1 } from '@amtsweg/contracts';
import type { DatabaseTarget } from '@amtsweg/platform';
import { currentContext, newId, openServiceDataSource, runInContext } from '@amtsweg/platform';
import { Controller, Global, Inject, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_BUS, type EventBus } from '../bus/event-bus';
import type { CloudEvent } from '../envelope';
import { bookingConfirmed } from './booking-events';
import { EventingModule, type EventingRootOptions } from '../eventing.module';
import { eventingMigrations } from '../migrations/eventing-migrations';
import { Outbox } from '../outbox/outbox';
import { OutboxRelay, type OutboxRelayOptions } from '../outbox/outbox-relay';
import { connectEventConsumer } from '../transport/connect-event-consumer';
import type { EventContext } from '../transport/event-context';
import { PoisonEvent } from '../transport/poison-event';
import type { EventConsumerOptions } from '../transport/event-consumer.server';

/**
 * A small app in the shape of the real ones, for the eventing tests: `appointments` appends
 * BookingConfirmedV1 to its outbox; `messaging` and `devices` each consume it with a handler on
 * their own transport, recording what they handled in their own schema — through the inbox
 * transaction, so a rolled-back attempt leaves no row.
 */
export const PRODUCER = 'appointments';
export type ConsumingService = 'messaging' | 'devices';
const MESSAGING_TRANSPORT = Symbol('messaging');
const DEVICES_TRANSPORT = Symbol('devices');
const TRANSPORTS: Record<ConsumingService, symbol> = { messaging: MESSAGING_TRANSPORT, devices: DEVICES_TRANSPORT };

export interface HandledBooking {
  reference: string;
  subject: string;
  eventId: string;
  correlationId: string;
  causationId: string | null;
}

/** What a consuming service's handler does; a test decides which references fail, and how often. */
export class BookingHandler {
  calls = 0;
  private readonly failures = new Map<string, number>();
  private readonly poison = new Set<string>();

  constructor(readonly service: ConsumingService) {}

  /** The handler declares events of this reference unhandleable (PoisonEvent). */
  poisonFor(reference: string): void {
    this.poison.add(reference);
  }

  failFor(reference: string, times = Number.POSITIVE_INFINITY): void {
    this.failures.set(reference, times);
  }

  async handle(event: BookingConfirmedV1, { manager, envelope }: EventContext): Promise<void> {
    this.calls += 1;
    // The work context the handler runs in: what follow-up events would carry.
    const context = currentContext();
    // Written before failing on purpose: a failed attempt must leave nothing behind.
    await manager.query(
      `INSERT INTO "${this.service}".handled_booking (reference, subject, event_id, correlation_id, causation_id) VALUES ($1, $2, $3, $4, $5)`,
      [event.reference, envelope.subject, envelope.id, context?.correlationId ?? '', context?.causationId ?? null],
    );
    if (this.poison.has(event.reference)) throw new PoisonEvent(`booking ${event.reference} can never be handled`);
    const remaining = this.failures.get(event.reference) ?? 0;
    if (remaining > 0) {
      this.failures.set(event.reference, remaining - 1);
      throw new Error(`cannot handle booking ${event.reference}`);
    }
  }
}

const MESSAGING_HANDLER = Symbol('MESSAGING_HANDLER');
const DEVICES_HANDLER = Symbol('DEVICES_HANDLER');

@Controller()
class MessagingBookingConsumer {
  constructor(@Inject(MESSAGING_HANDLER) private readonly handler: BookingHandler) {}

  @EventPattern<string>(BookingConfirmedV1.type, MESSAGING_TRANSPORT)
  onConfirmed(@Payload() event: BookingConfirmedV1, @Ctx() context: EventContext): Promise<void> {
    return this.handler.handle(event, context);
  }
}

@Controller()
class DevicesBookingConsumer {
  constructor(@Inject(DEVICES_HANDLER) private readonly handler: BookingHandler) {}

  @EventPattern<string>(BookingConfirmedV1.type, DEVICES_TRANSPORT)
  onConfirmed(@Payload() event: BookingConfirmedV1, @Ctx() context: EventContext): Promise<void> {
    return this.handler.handle(event, context);
  }
}

function handledBookingsTable(schema: string): new () => MigrationInterface {
  return class HandledBookings1764300000001 implements MigrationInterface {
    name = 'HandledBookings1764300000001';
    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE TABLE "${schema}".handled_booking (
           position bigint GENERATED ALWAYS AS IDENTITY, reference text NOT NULL, subject text NOT NULL,
           event_id uuid NOT NULL, correlation_id text NOT NULL, causation_id text NULL)`,
      );
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE "${schema}".handled_booking`);
    }
  };
}

/**
 * The three services' DataSources, migrated, on one target (schemas apart). One after the other:
 * the first creates the database, and a failure closes what was opened so far.
 */
export async function openBookingFlowDatabases(target: DatabaseTarget): Promise<Record<typeof PRODUCER | ConsumingService, DataSource>> {
  const opened: DataSource[] = [];
  const open = async (service: string, migrations: Array<new () => MigrationInterface>) => {
    const dataSource = await openServiceDataSource({ service, entities: [], migrations }, target);
    opened.push(dataSource);
    return dataSource;
  };
  try {
    return {
      appointments: await open(PRODUCER, eventingMigrations(PRODUCER)),
      messaging: await open('messaging', [...eventingMigrations('messaging'), handledBookingsTable('messaging')]),
      devices: await open('devices', [...eventingMigrations('devices'), handledBookingsTable('devices')]),
    };
  } catch (error) {
    await Promise.all(opened.map((dataSource) => dataSource.destroy()));
    throw error;
  }
}

const dataSourceToken = (service: string) => `test:data-source:${service}`;

export interface BookingFlowOptions {
  eventing: EventingRootOptions;
  databases: Record<typeof PRODUCER | ConsumingService, DataSource>;
  consumers?: ConsumingService[];
  retry?: EventConsumerOptions['retry'];
  relay?: Pick<OutboxRelayOptions, 'pollIntervalMs' | 'batchSize' | 'maxBackoffMs'>;
}

export class BookingFlow {
  private constructor(
    readonly app: INestApplication,
    readonly bus: EventBus,
    readonly outbox: Outbox,
    readonly relay: OutboxRelay,
    readonly handlers: Record<ConsumingService, BookingHandler>,
    private readonly databases: BookingFlowOptions['databases'],
  ) {}

  static async start(options: BookingFlowOptions): Promise<BookingFlow> {
    const consumers = options.consumers ?? ['messaging'];
    const handlers = { messaging: new BookingHandler('messaging'), devices: new BookingHandler('devices') };

    @Global()
    @Module({})
    class DatabasesModule {}
    const databases: DynamicModule = {
      module: DatabasesModule,
      providers: Object.entries(options.databases).map(([service, dataSource]) => ({
        provide: dataSourceToken(service),
        useValue: dataSource,
      })),
      exports: Object.keys(options.databases).map(dataSourceToken),
    };
    @Module({})
    class AppointmentsModule {}
    const producerEventing = EventingModule.forService({
      service: PRODUCER,
      dataSourceToken: dataSourceToken(PRODUCER),
      relay: options.relay,
    });
    const appointments: DynamicModule = { module: AppointmentsModule, imports: [producerEventing] };
    @Module({})
    class MessagingModule {}
    @Module({})
    class DevicesModule {}
    const consumerModules: DynamicModule[] = [
      {
        module: MessagingModule,
        controllers: [MessagingBookingConsumer],
        providers: [{ provide: MESSAGING_HANDLER, useValue: handlers.messaging }],
      },
      {
        module: DevicesModule,
        controllers: [DevicesBookingConsumer],
        providers: [{ provide: DEVICES_HANDLER, useValue: handlers.devices }],
      },
    ].filter((_, index) => consumers.includes((['messaging', 'devices'] as const)[index]));

    const moduleRef = await Test.createTestingModule({
      imports: [databases, EventingModule.forRoot(options.eventing), appointments, ...consumerModules],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: process.env.EVENTING_TEST_LOGS ? ['log', 'warn', 'error'] : false });
    for (const service of consumers) {
      connectEventConsumer(app, {
        service,
        transportId: TRANSPORTS[service],
        dataSourceToken: dataSourceToken(service),
        retry: options.retry,
      });
    }
    try {
      await app.init();
      await app.startAllMicroservices();
    } catch (error) {
      // A half-started app would keep kafkajs retrying, and the test process alive.
      await app.close();
      throw error;
    }
    const producer = app.select(producerEventing);
    return new BookingFlow(
      app,
      app.get(EVENT_BUS),
      producer.get(Outbox, { strict: true }),
      producer.get(OutboxRelay, { strict: true }),
      handlers,
      options.databases,
    );
  }

  /** Commits the bookings' events in one appointments transaction, as a use case would. */
  async confirm(
    bookings: Array<{ subject: string; reference: string }>,
    correlationId = newId(),
  ): Promise<Array<CloudEvent<BookingConfirmedV1>>> {
    return runInContext({ correlationId, tenantId: 'demo' }, () =>
      this.databases.appointments.transaction(async (manager) => {
        const events: Array<CloudEvent<BookingConfirmedV1>> = [];
        for (const { subject, reference } of bookings) {
          events.push(
            await this.outbox.append(manager, BookingConfirmedV1, bookingConfirmed(reference, { bookingId: subject }), {
              subject,
              tenantId: 'demo',
            }),
          );
        }
        return events;
      }),
    );
  }

  async handled(service: ConsumingService = 'messaging'): Promise<HandledBooking[]> {
    return this.databases[service].query(
      `SELECT reference, subject, event_id AS "eventId", correlation_id AS "correlationId", causation_id AS "causationId"
         FROM "${service}".handled_booking ORDER BY position`,
    );
  }

  async unpublished(): Promise<number> {
    return (await this.relay.backlog()).count;
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
