import { BookingConfirmedV1 } from '@amtsweg/contracts';
import { EmbeddedPostgres, newId, openServiceDataSource, runInContext } from '@amtsweg/platform';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { BusRecord, EventBus } from '../bus/event-bus';
import { InvalidEventPayloadError } from '../event-payload';
import { eventingMigrations } from '../migrations/eventing-migrations';
import { bookingConfirmed } from '../testing/booking-events';
import { waitFor } from '../testing/wait-for';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** A bus that is down until told otherwise, and remembers every attempt and what it accepted. */
class FlakyBus implements EventBus {
  down = true;
  attempts: number[] = [];
  accepted: BusRecord[] = [];
  async ensureTopics(): Promise<void> {}
  async publish(records: BusRecord[]): Promise<void> {
    this.attempts.push(Date.now());
    if (this.down) throw new Error('broker unreachable');
    this.accepted.push(...records);
  }
  async subscribe(): Promise<never> {
    throw new Error('not needed');
  }
  isHealthy(): boolean {
    return !this.down;
  }
  async consumerLag(): Promise<never> {
    throw new Error('not needed');
  }
  async topicOffsets(): Promise<never> {
    throw new Error('not needed');
  }
  async close(): Promise<void> {}
}

describe('Outbox and OutboxRelay (embedded PostgreSQL)', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;
  const outbox = new Outbox('appointments');
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    embedded = await EmbeddedPostgres.openIsolated();
    dataSource = await openServiceDataSource(
      { service: 'appointments', entities: [], migrations: eventingMigrations('appointments') },
      { kind: 'embedded', embedded },
    );
  }, 60_000);
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await dataSource.query('TRUNCATE appointments.outbox_event');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await embedded.close();
  });

  const rows = () =>
    dataSource.query(`SELECT envelope FROM appointments.outbox_event ORDER BY position`) as Promise<
      Array<{ envelope: { data: { reference: string } } }>
    >;
  const append = (reference: string, extra: object = {}) =>
    dataSource.transaction((manager) =>
      outbox.append(manager, BookingConfirmedV1, { ...bookingConfirmed(reference), ...extra }, { subject: newId(), tenantId: 'demo' }),
    );

  it('refuses a payload its contract does not allow, and writes nothing', async () => {
    await expect(append('BAD!')).rejects.toThrow(InvalidEventPayloadError);
    await expect(append('ABCD-0001', { email: 'nope' })).rejects.toThrow('email must be an email');
    await expect(append('ABCD-0001', { firstName: 'Erika' })).rejects.toThrow('property firstName should not exist');
    expect(await rows()).toEqual([]);
  });

  it('refuses to append outside a transaction: the event would not commit with the state', async () => {
    await expect(
      outbox.append(dataSource.manager, BookingConfirmedV1, bookingConfirmed('ABCD-0001'), { subject: newId(), tenantId: 'demo' }),
    ).rejects.toThrow('needs the EntityManager of the transaction');
  });

  it('carries the correlation and the cause of the work it happens in, or starts a correlation', async () => {
    const [correlationId, causationId] = [newId(), newId()];
    const caused = await runInContext({ correlationId, causationId }, () => append('ABCD-0001'));
    expect(caused).toMatchObject({
      correlationid: correlationId,
      causationid: causationId,
      source: '/amtsweg/appointments',
      tenantid: 'demo',
    });
    const uncaused = await append('ABCD-0002');
    expect(uncaused.correlationid).toMatch(/^[0-9a-f-]{36}$/);
    expect(uncaused).not.toHaveProperty('causationid');
  });

  it('rolls the event back with the transaction', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.append(manager, BookingConfirmedV1, bookingConfirmed('ABCD-0001'), { subject: newId(), tenantId: 'demo' });
        throw new Error('the booking failed');
      }),
    ).rejects.toThrow('the booking failed');
    expect(await rows()).toEqual([]);
  });

  it('backs off exponentially while the bus fails, keeps the events, then publishes them in order', async () => {
    const bus = new FlakyBus();
    relay = new OutboxRelay({ service: 'appointments', dataSource, bus, pollIntervalMs: 20 });
    relay.start();
    for (const reference of ['ORDR-0001', 'ORDR-0002', 'ORDR-0003']) await append(reference);

    await new Promise((resolve) => setTimeout(resolve, 1_200));
    // 200, 400, 800 ms between rounds: a relay polling every 20 ms would have tried ~60 times.
    expect(bus.attempts.length).toBeGreaterThanOrEqual(2);
    expect(bus.attempts.length).toBeLessThanOrEqual(5);
    const backlog = await relay.backlog();
    expect(backlog.count).toBe(3);
    expect(backlog.oldestAgeSeconds).toBeGreaterThan(1);

    bus.down = false;
    await waitFor(
      'the backlog to drain',
      () => relay!.backlog(),
      (b) => b.count === 0,
      { timeoutMs: 6_000 },
    );
    expect(bus.accepted.map((r) => JSON.parse(r.value).reference)).toEqual(['ORDR-0001', 'ORDR-0002', 'ORDR-0003']);
  });

  it('caps the backoff', async () => {
    const bus = new FlakyBus();
    relay = new OutboxRelay({ service: 'appointments', dataSource, bus, pollIntervalMs: 20, maxBackoffMs: 100 });
    relay.start();
    await append('CAPD-0001');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(bus.attempts.length).toBeGreaterThanOrEqual(7);
  });
});
