import { BookingConfirmedV1 } from '@amtsweg/contracts';
import { EmbeddedPostgres, newId } from '@amtsweg/platform';
import type { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { BusRecord } from './bus/event-bus';
import { toBusRecord } from './envelope';
import { EventMetrics } from './observability/event-metrics';
import { bookingConfirmed, confirmedEnvelope, interleavedEvents } from './testing/booking-events';
import { BookingFlow, openBookingFlowDatabases, type BookingFlowOptions } from './testing/booking-flow';
import { waitFor } from './testing/wait-for';

const DLQ = 'appointments.booking.dlq';

describe('events from the outbox to a handler (embedded bus, embedded PostgreSQL)', () => {
  let embedded: EmbeddedPostgres;
  let databases: BookingFlowOptions['databases'];
  let flow: BookingFlow | undefined;

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    databases = await openBookingFlowDatabases({ kind: 'embedded', embedded });
  }, 60_000);

  afterEach(async () => {
    await flow?.close();
    flow = undefined;
    for (const [schema, dataSource] of Object.entries(databases)) {
      const tables = ['outbox_event', 'inbox_event', ...(schema === 'appointments' ? [] : ['handled_booking'])];
      await dataSource.query(`TRUNCATE ${tables.map((table) => `"${schema}".${table}`).join(', ')}`);
    }
  });

  afterAll(async () => {
    await Promise.all(Object.values(databases).map((dataSource: DataSource) => dataSource.destroy()));
    await embedded.close();
  });

  const start = async (options: Partial<BookingFlowOptions> = {}) => {
    flow = await BookingFlow.start({
      eventing: {},
      databases,
      retry: { attempts: 3, baseDelayMs: 5 },
      relay: { pollIntervalMs: 50 },
      ...options,
    });
    return flow;
  };

  /** Everything that reaches the dead-letter topic, as a reader of the DLQ sees it. */
  const readDeadLetters = async (app: BookingFlow) => {
    const letters: BusRecord[] = [];
    await app.bus.subscribe('dlq-reader', [DLQ], async (record) => void letters.push(record));
    return letters;
  };

  it('delivers a committed event to the handler, in context, and marks it published', async () => {
    const app = await start();
    const correlationId = newId();
    const [event] = await app.confirm([{ subject: newId(), reference: 'ABCD-0001' }], correlationId);

    const [handled] = await waitFor(
      'the handler',
      () => app.handled(),
      (rows) => rows.length === 1,
    );
    expect(handled).toEqual({ reference: 'ABCD-0001', subject: event.subject, eventId: event.id, correlationId, causationId: event.id });
    expect(event).toMatchObject({
      source: '/amtsweg/appointments',
      type: BookingConfirmedV1.type,
      tenantid: 'demo',
      correlationid: correlationId,
      specversion: '1.0',
    });
    await waitFor(
      'the outbox row marked published',
      () => app.unpublished(),
      (count) => count === 0,
    );
  });

  it('wakes the relay on commit instead of waiting for its poll', async () => {
    const app = await start({ relay: { pollIntervalMs: 60_000 } });
    // The relay's first round, at start, must be over: only a wake-up may publish what follows.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await app.relay.flush();
    await app.confirm([{ subject: newId(), reference: 'WAKE-0001' }]);
    await waitFor(
      'the handler, long before the next poll',
      () => app.handled(),
      (rows) => rows.length === 1,
      { timeoutMs: 3_000 },
    );
  });

  it('publishes what a commit did not announce at its next poll', async () => {
    const app = await start({ relay: { pollIntervalMs: 100 } });
    const event = confirmedEnvelope(bookingConfirmed('POLL-0001'));
    // Written as another instance would: no commit on this process announces it.
    await databases.appointments.query(
      `INSERT INTO appointments.outbox_event (id, topic, key, type, envelope, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, now())`,
      [event.id, BookingConfirmedV1.topic, event.subject, event.type, JSON.stringify(event)],
    );
    await waitFor(
      'the handler',
      () => app.handled(),
      (rows) => rows.length === 1,
      { timeoutMs: 3_000 },
    );
  });

  it('keeps the order of each key across interleaved events, transactions and batches', async () => {
    const app = await start({ relay: { pollIntervalMs: 50, batchSize: 7 } });
    const keys = [newId(), newId(), newId()];
    const events = interleavedEvents(keys, 50);
    for (let from = 0; from < events.length; from += 15) await app.confirm(events.slice(from, from + 15));

    const handled = await waitFor(
      'all events',
      () => app.handled(),
      (rows) => rows.length === events.length,
      { timeoutMs: 20_000 },
    );
    for (const subject of keys) {
      const inOrder = events.filter((e) => e.subject === subject).map((e) => e.reference);
      expect(handled.filter((row) => row.subject === subject).map((row) => row.reference)).toEqual(inOrder);
    }
  }, 30_000);

  it('handles an event that is delivered twice only once', async () => {
    const app = await start();
    const record = toBusRecord(BookingConfirmedV1.topic, confirmedEnvelope(bookingConfirmed('TWIC-0001')));
    await app.bus.publish([record]);
    await app.bus.publish([record]);
    // Delivery is in order: once the marker is handled, both copies have been through.
    await app.bus.publish([toBusRecord(BookingConfirmedV1.topic, confirmedEnvelope(bookingConfirmed('MARK-0001')))]);

    const handled = await waitFor(
      'the marker',
      () => app.handled(),
      (rows) => rows.some((row) => row.reference === 'MARK-0001'),
    );
    expect(handled.map((row) => row.reference)).toEqual(['TWIC-0001', 'MARK-0001']);
    expect(app.handlers.messaging.calls).toBe(2);
  });

  it('retries a failing handler; a failed attempt leaves nothing behind', async () => {
    const app = await start();
    app.handlers.messaging.failFor('FLAK-0001', 2);
    const letters = await readDeadLetters(app);
    await app.confirm([{ subject: newId(), reference: 'FLAK-0001' }]);

    await waitFor(
      'the third attempt',
      () => app.handled(),
      (rows) => rows.length === 1,
    );
    expect(app.handlers.messaging.calls).toBe(3);
    expect(letters).toEqual([]);
    const metrics = app.app.get(EventMetrics);
    const count = async (counter: Counter) =>
      (await counter.get()).values.find((v) => v.labels.service === 'messaging' && v.labels.type === BookingConfirmedV1.type)?.value;
    expect(await count(metrics.failed)).toBe(2);
    expect(await count(metrics.consumed)).toBe(1);
  });

  it('dead-letters an event whose handler keeps failing, with the reason, while later events flow', async () => {
    const app = await start();
    app.handlers.messaging.failFor('FAIL-0001');
    const letters = await readDeadLetters(app);
    const subject = newId();
    const [failing] = await app.confirm([
      { subject, reference: 'FAIL-0001' },
      { subject, reference: 'NEXT-0001' },
    ]);

    await waitFor(
      'the later event',
      () => app.handled(),
      (rows) => rows.length === 1,
    );
    expect((await app.handled())[0].reference).toBe('NEXT-0001');
    const [letter] = await waitFor(
      'the dead letter',
      () => letters,
      (l) => l.length === 1,
    );
    expect(app.handlers.messaging.calls).toBe(3 + 1);
    expect(letter).toMatchObject({
      topic: DLQ,
      key: subject,
      headers: { ce_id: failing.id, 'x-dlq-consumer': 'messaging', 'x-dlq-attempts': '3' },
    });
    expect(letter.headers['x-dlq-error']).toBe('Error: cannot handle booking FAIL-0001');
    expect(Date.parse(letter.headers['x-dlq-failed-at'])).not.toBeNaN();
    expect(JSON.parse(letter.value)).toMatchObject({ reference: 'FAIL-0001' });
  });

  it('dead-letters at once, without retrying, an event its handler declares poison', async () => {
    const app = await start();
    app.handlers.messaging.poisonFor('POIS-0001');
    const letters = await readDeadLetters(app);
    const subject = newId();
    const [poison] = await app.confirm([
      { subject, reference: 'POIS-0001' },
      { subject, reference: 'NEXT-0002' },
    ]);
    const [letter] = await waitFor(
      'the dead letter',
      () => letters,
      (l) => l.length === 1,
    );
    await waitFor(
      'the later event',
      () => app.handled(),
      (rows) => rows.length === 1,
    );
    expect(app.handlers.messaging.calls).toBe(1 + 1);
    expect(letter.headers).toMatchObject({
      ce_id: poison.id,
      'x-dlq-attempts': '1',
      'x-dlq-error': 'Error: booking POIS-0001 can never be handled',
    });
  });

  it('leaves an event to the bus when the database around the handler fails, instead of dead-lettering it', async () => {
    const app = await start();
    const letters = await readDeadLetters(app);
    await databases.messaging.query('ALTER TABLE messaging.inbox_event RENAME TO inbox_event_gone');
    try {
      await app.confirm([{ subject: newId(), reference: 'DBDN-0001' }]);
      // Far longer than 3 attempts take (5 + 10 ms): only the bus's redelivery keeps it alive.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(app.handlers.messaging.calls).toBe(0);
    } finally {
      await databases.messaging.query('ALTER TABLE messaging.inbox_event_gone RENAME TO inbox_event');
    }
    await waitFor(
      'the handler, once the database is back',
      () => app.handled(),
      (rows) => rows.length === 1,
      { timeoutMs: 5_000 },
    );
    expect(letters).toEqual([]);
  });

  it('dead-letters an invalid payload at once, without calling the handler', async () => {
    const app = await start();
    const letters = await readDeadLetters(app);
    const invalid = { ...bookingConfirmed('POIS-0001'), email: 'not-an-address' };
    await app.bus.publish([toBusRecord(BookingConfirmedV1.topic, confirmedEnvelope(invalid))]);
    await app.confirm([{ subject: newId(), reference: 'NEXT-0002' }]);

    await waitFor(
      'the later event',
      () => app.handled(),
      (rows) => rows.length === 1,
    );
    const [letter] = await waitFor(
      'the dead letter',
      () => letters,
      (l) => l.length === 1,
    );
    expect(letter.headers).toMatchObject({ 'x-dlq-attempts': '0', 'x-dlq-consumer': 'messaging' });
    expect(letter.headers['x-dlq-error']).toContain('email must be an email');
    expect(letter.headers['x-dlq-error']).not.toContain('not-an-address');
    expect(app.handlers.messaging.calls).toBe(1);
  });

  it('dead-letters a record that is no CloudEvent at once', async () => {
    const app = await start();
    const letters = await readDeadLetters(app);
    await app.bus.publish([{ topic: BookingConfirmedV1.topic, key: 'k', value: '{}', headers: {} }]);
    const [letter] = await waitFor(
      'the dead letter',
      () => letters,
      (l) => l.length === 1,
    );
    expect(letter.headers['x-dlq-error']).toContain('missing CloudEvents headers');
  });

  it('skips events of types the service has no handler for', async () => {
    const app = await start();
    const letters = await readDeadLetters(app);
    const other = confirmedEnvelope(bookingConfirmed('SKIP-0001'), { type: 'de.amtsweg.appointments.booking.cancelled.v1' });
    await app.bus.publish([toBusRecord(BookingConfirmedV1.topic, other)]);
    await app.confirm([{ subject: newId(), reference: 'NEXT-0003' }]);
    await waitFor(
      'the later event',
      () => app.handled(),
      (rows) => rows.length === 1,
    );
    expect(letters).toEqual([]);
    expect(app.handlers.messaging.calls).toBe(1);
  });

  it('serves each service only its own handlers, each in its own group and inbox', async () => {
    const app = await start({ consumers: ['messaging', 'devices'] });
    await app.confirm(['BOTH-0001', 'BOTH-0002', 'BOTH-0003'].map((reference) => ({ subject: newId(), reference })));

    await waitFor(
      'messaging',
      () => app.handled('messaging'),
      (rows) => rows.length === 3,
    );
    await waitFor(
      'devices',
      () => app.handled('devices'),
      (rows) => rows.length === 3,
    );
    expect([app.handlers.messaging.calls, app.handlers.devices.calls]).toEqual([3, 3]);
    for (const service of ['messaging', 'devices'] as const) {
      expect(await databases[service].query(`SELECT DISTINCT consumer FROM "${service}".inbox_event`)).toEqual([{ consumer: service }]);
    }
  });

  it('publishes what is left at shutdown (flush)', async () => {
    const app = await start({ relay: { pollIntervalMs: 60_000 } });
    await app.relay.stop();
    await app.confirm([{ subject: newId(), reference: 'LAST-0001' }]);
    expect(await app.unpublished()).toBe(1);
    await app.relay.flush();
    expect(await app.unpublished()).toBe(0);
  });
});
