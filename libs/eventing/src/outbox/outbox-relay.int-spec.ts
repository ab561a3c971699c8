import { BookingConfirmedV1 } from '@amtsweg/contracts';
import { newId, openServiceDataSource } from '@amtsweg/platform';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { BusRecord, EventBus } from '../bus/event-bus';
import { eventingMigrations } from '../migrations/eventing-migrations';
import { bookingConfirmed, sequencedReference } from '../testing/booking-events';
import { describeWithInfrastructure } from '../testing/infrastructure';
import { TestDatabase } from '../testing/test-database';
import { waitFor } from '../testing/wait-for';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** A bus that takes its time, and notices when two publishers are inside it at once. */
class SlowRecordingBus implements EventBus {
  accepted: BusRecord[] = [];
  overlaps = 0;
  private inside = 0;
  async ensureTopics(): Promise<void> {}
  async publish(records: BusRecord[]): Promise<void> {
    this.inside += 1;
    if (this.inside > 1) this.overlaps += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.accepted.push(...records);
    this.inside -= 1;
  }
  async subscribe(): Promise<never> {
    throw new Error('not needed');
  }
  isHealthy(): boolean {
    return true;
  }
  async consumerLag(): Promise<never> {
    throw new Error('not needed');
  }
  async topicOffsets(): Promise<never> {
    throw new Error('not needed');
  }
  async close(): Promise<void> {}
}

describeWithInfrastructure('two instances of a service relaying one outbox (PostgreSQL)', ({ databaseUrl }) => {
  const database = TestDatabase.named(databaseUrl);
  const instances: DataSource[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    for (let i = 0; i < 2; i++) {
      instances.push(
        await openServiceDataSource(
          { service: 'appointments', entities: [], migrations: eventingMigrations('appointments') },
          { kind: 'postgres', url: database.url },
        ),
      );
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(instances.map((dataSource) => dataSource.destroy()));
    await database.drop();
  });

  it('never publishes at the same time, so each key keeps its order', async () => {
    const bus = new SlowRecordingBus();
    const relays = instances.map(
      (dataSource) => new OutboxRelay({ service: 'appointments', dataSource, bus, pollIntervalMs: 5, batchSize: 10 }),
    );
    relays.forEach((relay) => relay.start());
    const outbox = new Outbox('appointments');
    const keys = [newId(), newId(), newId()];
    const written: Array<{ subject: string; reference: string }> = [];
    // Both instances write, too: each commit wakes its own relay.
    for (let index = 0; index < 100; index++) {
      const dataSource = instances[index % 2];
      await dataSource.transaction(async (manager) => {
        for (const [key, subject] of keys.entries()) {
          const reference = sequencedReference(key, index);
          await outbox.append(manager, BookingConfirmedV1, bookingConfirmed(reference), { subject, tenantId: 'demo' });
          written.push({ subject, reference });
        }
      });
    }

    await waitFor(
      'every event published',
      () => bus.accepted.length,
      (n) => n >= written.length,
      { timeoutMs: 30_000 },
    );
    await Promise.all(relays.map((relay) => relay.stop()));
    expect(bus.overlaps).toBe(0);
    expect(bus.accepted).toHaveLength(written.length);
    for (const subject of keys) {
      const published = bus.accepted.filter((record) => record.key === subject).map((record) => JSON.parse(record.value).reference);
      expect(published).toEqual(written.filter((event) => event.subject === subject).map((event) => event.reference));
    }
  }, 60_000);
});
