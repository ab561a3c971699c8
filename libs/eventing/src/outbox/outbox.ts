import type { EventContract } from '@amtsweg/contracts';
import { currentContext, formatTraceparent, newId } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import type { CloudEvent } from '../envelope';
import { validateEventPayload } from '../event-payload';
import { eventingTables, type EventingTables } from '../eventing-tables';
import { outboxWritten } from './outbox-commit-signal';

export interface OutboxEventMeta {
  /** The aggregate id: the Kafka key, so one aggregate's events stay in order. */
  subject: string;
  tenantId: string;
}

/**
 * Writes a service's events into its outbox table, inside the transaction that changes its state:
 * either both commit or neither does. The OutboxRelay publishes them afterwards.
 */
export class Outbox {
  private readonly tables: EventingTables;

  /** @param service the service's name, which is also its schema */
  constructor(private readonly service: string) {
    this.tables = eventingTables(service);
  }

  async append<T extends object>(
    manager: EntityManager,
    contract: EventContract<T>,
    data: T,
    meta: OutboxEventMeta,
  ): Promise<CloudEvent<T>> {
    const queryRunner = manager.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.append(${contract.type}) needs the EntityManager of the transaction that changes the state`);
    }
    validateEventPayload(contract, data, 'publish');
    const context = currentContext();
    const id = newId();
    const event: CloudEvent<T> = {
      id,
      source: `/amtsweg/${this.service}`,
      type: contract.type,
      specversion: '1.0',
      time: new Date().toISOString(),
      subject: meta.subject,
      datacontenttype: 'application/json',
      tenantid: meta.tenantId,
      // Work that started outside any context (a scheduler, a script) starts a new correlation.
      correlationid: context?.correlationId ?? newId(),
      ...(context?.causationId ? { causationid: context.causationId } : {}),
      // CloudEvents distributed-tracing extension: the consumer continues this trace (ce_traceparent).
      ...(context?.trace ? { traceparent: formatTraceparent(context.trace) } : {}),
      data,
    };
    await manager.query(
      `INSERT INTO ${this.tables.outbox} (id, topic, key, type, envelope, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, now())`,
      [id, contract.topic, meta.subject, contract.type, JSON.stringify(event)],
    );
    outboxWritten.mark(queryRunner);
    return event;
  }
}
