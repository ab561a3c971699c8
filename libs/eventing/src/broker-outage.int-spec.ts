import { newId } from '@amtsweg/platform';
import { BookingFlow, openBookingFlowDatabases, type BookingFlowOptions } from './testing/booking-flow';
import { describeWithInfrastructure } from './testing/infrastructure';
import { KafkaBroker } from './testing/kafka-broker';
import { randomTopicPrefix } from './testing/kafka-cleanup';
import { TestDatabase } from './testing/test-database';
import { waitFor } from './testing/wait-for';

/**
 * The broker dies (SIGKILL) and comes back with its data. A broker of this test's own, on other
 * ports, so the shared one is never killed.
 */
describeWithInfrastructure('a broker outage (Kafka restarted, PostgreSQL)', ({ databaseUrl }) => {
  const broker = new KafkaBroker(19092, 19093);
  const database = TestDatabase.named(databaseUrl);
  let databases: BookingFlowOptions['databases'];
  let flow: BookingFlow | undefined;

  beforeAll(async () => {
    broker.start();
    databases = await openBookingFlowDatabases({ kind: 'postgres', url: database.url });
    flow = await BookingFlow.start({
      eventing: { kafkaBrokers: [broker.address], topicPrefix: randomTopicPrefix() },
      databases,
      relay: { pollIntervalMs: 200 },
    });
  }, 180_000);

  afterAll(async () => {
    await flow?.close();
    await Promise.all(Object.values(databases ?? {}).map((dataSource) => dataSource.destroy()));
    await database.drop();
    broker.stop();
  }, 120_000);

  it('keeps events in the outbox while the broker is down and delivers each exactly once in effect after', async () => {
    const app = flow!;
    const subject = newId();
    const before = Array.from({ length: 5 }, (_, i) => ({ subject, reference: `BFOR-000${i}` }));
    await app.confirm(before);
    await waitFor(
      'the events before the outage',
      () => app.handled(),
      (rows) => rows.length === before.length,
      { timeoutMs: 30_000 },
    );

    broker.kill();
    const during = Array.from({ length: 10 }, (_, i) => ({
      subject: i % 2 ? subject : newId(),
      reference: `DURG-00${String(i).padStart(2, '0')}`,
    }));
    for (const event of during) await app.confirm([event]);
    // The relay has tried and failed: the bus reports it, the events wait.
    await waitFor(
      'the relay to fail against the dead broker',
      () => app.bus.isHealthy(),
      (healthy) => !healthy,
      { timeoutMs: 60_000 },
    );
    expect(await app.unpublished()).toBe(during.length);

    broker.start({ keepData: true });
    const all = [...before, ...during];
    // The consumer group waits out its old member's session (30 s) before it rejoins.
    const handled = await waitFor(
      'every event, after the restart',
      () => app.handled(),
      (rows) => rows.length >= all.length,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(handled.map((row) => row.reference).sort()).toEqual(all.map((event) => event.reference).sort());
    expect(await app.unpublished()).toBe(0);
    // Order holds for the key that spans the outage.
    expect(handled.filter((row) => row.subject === subject).map((row) => row.reference)).toEqual(
      all.filter((e) => e.subject === subject).map((e) => e.reference),
    );
    await waitFor(
      'the bus to report healthy again',
      () => app.bus.isHealthy(),
      (healthy) => healthy,
      { timeoutMs: 30_000 },
    );
  }, 300_000);
});
