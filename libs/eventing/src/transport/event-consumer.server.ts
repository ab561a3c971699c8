import { setTimeout as sleep } from 'node:timers/promises';
import { contractForType, type EventContract } from '@amtsweg/contracts';
import { errorSummary, parseTraceparent, runInContext, startSpan } from '@amtsweg/platform';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { BusRecord, BusSubscription, EventBus } from '../bus/event-bus';
import { fromBusRecord, type CloudEvent } from '../envelope';
import { errorMessage } from '../error-message';
import { validateEventPayload } from '../event-payload';
import { eventingTables, type EventingTables } from '../eventing-tables';
import { recordReceipt } from '../inbox/inbox';
import type { EventMetrics } from '../observability/event-metrics';
import { deadLetterRecord, deadLetterTopic } from './dead-letter';
import { EventContext } from './event-context';
import { originalHandlerError } from './handler-failure.interceptor';
import { PoisonEvent } from './poison-event';

export interface EventConsumerOptions {
  /** The consuming service: its schema (inbox), its consumer group, `x-dlq-consumer`. */
  service: string;
  /** Only handlers declared with this transport (`@EventPattern(type, transportId)`) are served. */
  transportId: symbol;
  bus: EventBus;
  dataSource: DataSource;
  /** Handler runs before an event is dead-lettered, and the first pause (doubling). Default 5 / 200 ms. */
  retry?: { attempts: number; baseDelayMs: number };
  /** Counts consumed, failed and dead-lettered events, by type. */
  metrics?: EventMetrics;
}

/**
 * Serves a service's `@EventPattern('<CloudEvents type>', TRANSPORT)` handlers from the EventBus.
 *
 * Per record: not ours → acknowledged; malformed or invalid against its contract → dead-lettered at
 * once (a poison event never gets better); otherwise the handler runs in a transaction that first
 * records the event in the service's inbox (a redelivered event finds it there and changes
 * nothing). A failing handler is retried with backoff, then dead-lettered, so later events flow —
 * at once when it threw a PoisonEvent;
 * a failing database is not the event's fault, so the record is left to the bus to offer again.
 */
export class EventConsumerServer extends Server implements CustomTransportStrategy {
  // We await each handler's stream ourselves and decide what a failure means (retry, DLQ).
  override readonly propagatesEventHandlerErrors = true;
  private readonly service: string;
  private readonly tables: EventingTables;
  private readonly bus: EventBus;
  private readonly dataSource: DataSource;
  private readonly retry: { attempts: number; baseDelayMs: number };
  private readonly metrics?: EventMetrics;
  private readonly closing = new AbortController();
  private subscription?: BusSubscription;

  constructor(options: EventConsumerOptions) {
    super();
    this.service = options.service;
    this.tables = eventingTables(options.service);
    this.transportId = options.transportId;
    this.bus = options.bus;
    this.dataSource = options.dataSource;
    this.retry = options.retry ?? { attempts: 5, baseDelayMs: 200 };
    this.metrics = options.metrics;
  }

  listen(callback: (error?: unknown) => void): void {
    this.subscribeToHandledTopics().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    // A record waiting for its next attempt is given up unacknowledged: it comes again after a restart.
    this.closing.abort();
    await this.subscription?.close();
    this.subscription = undefined;
  }

  on(): never {
    throw new Error('EventConsumerServer emits no events; watch EventBus.isHealthy() instead');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private async subscribeToHandledTopics(): Promise<void> {
    const topics = [...new Set([...this.messageHandlers.keys()].map((type) => this.contractOf(type).topic))];
    if (topics.length === 0) {
      this.logger.log(`${this.service} handles no events`);
      return;
    }
    await this.bus.ensureTopics([...topics, ...topics.map(deadLetterTopic)]);
    this.subscription = await this.bus.subscribe(this.service, topics, (record) => this.consume(record));
    this.logger.log(`${this.service} consumes ${topics.join(', ')}`);
  }

  private contractOf(type: string): EventContract {
    const contract = contractForType(type);
    if (!contract) throw new Error(`${this.service} handles "${type}", which no contract in @amtsweg/contracts declares`);
    return contract;
  }

  /** Resolves when the record is done with (handled, skipped or dead-lettered); rejects to have it again. */
  private async consume(record: BusRecord): Promise<void> {
    let event: CloudEvent;
    try {
      event = fromBusRecord(record);
    } catch (error) {
      return this.deadLetter(record, error, 0);
    }
    const handler = this.messageHandlers.get(event.type);
    if (!handler) return;
    const contract = this.contractOf(event.type);
    try {
      validateEventPayload(contract, event.data, 'consume');
    } catch (error) {
      return this.deadLetter(record, error, 0);
    }
    for (let attempt = 1; ; attempt++) {
      this.closing.signal.throwIfAborted();
      try {
        await this.handle(event, contract, handler);
        this.metrics?.consumed.inc({ service: this.service, type: event.type });
        return;
      } catch (error) {
        // The database failing to begin, record or commit is no fault of the event: the bus offers it again.
        if (!(error instanceof HandlerFailure)) throw error;
        this.metrics?.failed.inc({ service: this.service, type: event.type });
        if (attempt >= this.retry.attempts || error.cause instanceof PoisonEvent) return this.deadLetter(record, error.cause, attempt);
        const delay = this.retry.baseDelayMs * 2 ** (attempt - 1);
        this.logger.warn(
          `${event.type} ${event.id}: attempt ${attempt}/${this.retry.attempts} failed, next in ${delay} ms: ${errorSummary(error.cause)}`,
        );
        await sleep(delay, undefined, { signal: this.closing.signal });
      }
    }
  }

  private handle(event: CloudEvent, contract: EventContract, handler: MessageHandler): Promise<void> {
    // Follow-up events appended by the handler carry this event's correlation and name it as cause;
    // the handler is a span of the producer's trace (CloudEvents distributed-tracing extension).
    const trace = startSpan(parseTraceparent(event.traceparent));
    const context = { correlationId: event.correlationid, causationId: event.id, tenantId: event.tenantid, trace };
    const started = Date.now();
    return runInContext(context, async () => {
      await this.dataSource.transaction(async (manager) => {
        if (!(await recordReceipt(manager, this.tables, event.id, this.service))) return;
        // A fresh instance per attempt: a failed attempt may have changed the one it was given.
        const payload = validateEventPayload(contract, event.data, 'consume');
        const eventContext = new EventContext(event, manager);
        try {
          await lastValueFrom(this.transformToObservable(handler(payload, eventContext)), { defaultValue: undefined });
        } catch (error) {
          throw new HandlerFailure(originalHandlerError(eventContext) ?? error);
        }
      });
      this.logger.debug?.({ msg: 'event handled', type: event.type, eventId: event.id, durationMs: Date.now() - started });
    });
  }

  private async deadLetter(record: BusRecord, error: unknown, attempts: number): Promise<void> {
    const reason = errorMessage(error);
    // The reason travels in the DLQ record for whoever replays it; the log line names the error's class only.
    this.logger.error(
      `dead-lettering a record of ${record.topic} (key ${record.key}) after ${attempts} attempt(s): ${errorSummary(error)}`,
    );
    this.metrics?.deadLettered.inc({ service: this.service, type: record.headers.ce_type ?? 'unknown' });
    // No inbox row: an event replayed from the DLQ after a fix must be handled then.
    await this.bus.publish([deadLetterRecord(record, { error: reason, consumer: this.service, attempts, failedAt: new Date() })]);
  }
}

/** The handler itself failed (not the database around it): that counts as an attempt. */
class HandlerFailure {
  constructor(readonly cause: unknown) {}
}
