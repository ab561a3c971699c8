import { BookingConfirmedV1 } from '@amtsweg/contracts';
import { newId } from '@amtsweg/platform';
import type { BusRecord } from './bus/event-bus';
import { toBusRecord } from './envelope';
import { bookingConfirmed, confirmedEnvelope, interleavedEvents } from './testing/booking-events';
import { BookingFlow, openBookingFlowDatabases, type BookingFlowOptions } from './testing/booking-flow';
import { describeWithInfrastructure } from './testing/infrastructure';
import { deleteKafkaPrefix, randomTopicPrefix } from './testing/kafka-cleanup';
import { TestDatabase } from './testing/test-database';
import { waitFor } from './testing/wait-for';

describeWithInfrastructure('events from the outbox to a handler (Kafka, PostgreSQL)', ({ kafkaBrokers, databaseUrl }) => {
  const database = TestDatabase.named(databaseUrl);
  const topicPrefix = randomTopicPrefix();
  let databases: BookingFlowOptions['databases'];
  let flow: BookingFlow;
  const deadLetters: BusRecord[] = [];

  beforeAll(async () => {
    databases = await openBookingFlowDatabases({ kind: 'postgres', url: database.url });
    flow = await BookingFlow.start({
      eventing: { kafkaBrokers, topicPrefix },
      databases,
      retry: { attempts: 3, baseDelayMs: 50 },
      relay: { pollIntervalMs: 200 },
    });
    await flow.bus.subscribe('dlq-reader', [`${BookingConfirmedV1.topic}.dlq`], async (record) => void deadLetters.push(record));
  }, 60_000);

  afterAll(async () => {
    await flow?.close();
    await Promise.all(Object.values(databases ?? {}).map((dataSource) => dataSource.destroy()));
    await database.drop();
    await deleteKafkaPrefix(kafkaBrokers, topicPrefix);
  }, 60_000);

  const handledWith = async (prefix: string) => (await flow.handled()).filter((row) => row.reference.startsWith(prefix));

  it('keeps the order of each key: 3 keys × 200 events, interleaved', async () => {
    const keys = [newId(), newId(), newId()];
    const events = interleavedEvents(keys, 200);
    for (let from = 0; from < events.length; from += 50) await flow.confirm(events.slice(from, from + 50));

    const handled = await waitFor(
      '600 events',
      () => handledWith('KEY'),
      (rows) => rows.length >= events.length,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(handled).toHaveLength(events.length);
    for (const subject of keys) {
      const inOrder = events.filter((event) => event.subject === subject).map((event) => event.reference);
      expect(handled.filter((row) => row.subject === subject).map((row) => row.reference)).toEqual(inOrder);
    }
  }, 90_000);

  it('handles an event that Kafka delivers twice only once', async () => {
    const subject = newId();
    const record = toBusRecord(BookingConfirmedV1.topic, confirmedEnvelope(bookingConfirmed('TWIC-0001', { bookingId: subject })));
    await flow.bus.publish([record]);
    await flow.bus.publish([record]);
    // Same key, so same partition: once the marker is handled, both copies have been through.
    await flow.bus.publish([
      toBusRecord(BookingConfirmedV1.topic, confirmedEnvelope(bookingConfirmed('TWIC-0002', { bookingId: subject }))),
    ]);

    const handled = await waitFor(
      'the marker',
      () => handledWith('TWIC'),
      (rows) => rows.some((row) => row.reference === 'TWIC-0002'),
      { timeoutMs: 20_000 },
    );
    expect(handled.map((row) => row.reference)).toEqual(['TWIC-0001', 'TWIC-0002']);
  }, 30_000);

  it('dead-letters a poison event and a handler that keeps failing, with the error, while later events flow', async () => {
    const subject = newId();
    const poison = confirmedEnvelope({ ...bookingConfirmed('POIS-0001', { bookingId: subject }), officeId: 'not-a-uuid' });
    await flow.bus.publish([toBusRecord(BookingConfirmedV1.topic, poison)]);
    flow.handlers.messaging.failFor('POIS-0002');
    const [failing] = await flow.confirm([
      { subject, reference: 'POIS-0002' },
      { subject, reference: 'POIS-0003' },
    ]);

    await waitFor(
      'the later event',
      () => handledWith('POIS'),
      (rows) => rows.length === 1,
      { timeoutMs: 20_000 },
    );
    expect((await handledWith('POIS')).map((row) => row.reference)).toEqual(['POIS-0003']);
    const letters = await waitFor(
      'two dead letters',
      () => deadLetters.filter((letter) => letter.key === subject),
      (found) => found.length === 2,
      { timeoutMs: 20_000 },
    );
    expect(letters[0].headers).toMatchObject({ ce_id: poison.id, 'x-dlq-consumer': 'messaging', 'x-dlq-attempts': '0' });
    expect(letters[0].headers['x-dlq-error']).toContain('officeId must be a UUID');
    expect(letters[1].headers).toMatchObject({
      ce_id: failing.id,
      'x-dlq-attempts': '3',
      'x-dlq-error': 'Error: cannot handle booking POIS-0002',
    });
    expect(letters[1].topic).toBe(`${BookingConfirmedV1.topic}.dlq`);
  }, 30_000);
});
