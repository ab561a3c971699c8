import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BookingConfirmedV2 } from '@amtsweg/contracts';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase, waitFor } from '@amtsweg/eventing/testing';
import { BookingLoad, bookOne, confirmationMails, confirmedEvents, openSlots } from '../support/booking-load';
import { sample } from './log-capture';
import { ALL_IN_ONE_MAIN, ServiceChildProcess } from './service-child-process';

const CLIENTS = 6;
/** Bookings answered before SIGTERM, so that the signal lands in the middle of the load. */
const BOOKINGS_BEFORE_SIGTERM = 25;
const SHUTDOWN_LIMIT_MS = 10_000;
const TRACE_ID = '5e1d9a0c2b7f4e3a8c6d1f0b9a8e7d6c';

describeWithInfrastructure('SIGTERM under booking load (built all-in-one on Kafka and PostgreSQL)', (infra) => {
  const topicPrefix = randomTopicPrefix();
  const appointmentsDb = TestDatabase.named(infra.databaseUrl);
  const messagingDb = TestDatabase.named(infra.databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-shutdown-'));
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    // Debug: the consumer's "event handled" line shows the trace crossing Kafka.
    LOG_LEVEL: 'debug',
    DATA_DIR: dataDir,
    DATABASE_URL: infra.databaseUrl,
    APPOINTMENTS_DATABASE_URL: appointmentsDb.url,
    MESSAGING_DATABASE_URL: messagingDb.url,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    // Clients learn to leave keep-alive connections before the listener closes: no request is cut off.
    SHUTDOWN_DELAY_MS: '1000',
    // Only the services this test books through run in the process; the others are "elsewhere".
    SIGNATURES_URL: 'http://127.0.0.1:9',
    DEVICES_URL: 'http://127.0.0.1:9',
  };
  const processes: ServiceChildProcess[] = [];

  beforeAll(() => {
    execFileSync('npx', ['swc', 'apps', 'libs', '-d', 'dist', '--quiet'], { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
  }, 120_000);

  afterAll(async () => {
    for (const child of processes) child.kill();
    await appointmentsDb.drop();
    await messagingDb.drop();
    await deleteKafkaPrefix(infra.kafkaBrokers, topicPrefix);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('answers or refuses every request, loses no booking answered 201, mails each exactly once, and exits within 10 s', async () => {
    const first = await ServiceChildProcess.start(ALL_IN_ONE_MAIN, env);
    processes.push(first);
    await first.ready(90_000);
    const slots = await openSlots(first.baseUrl);
    expect(slots.length).toBeGreaterThan(CLIENTS);

    const traced = await bookOne(
      first.baseUrl,
      slots[slots.length - 1],
      `traced-${topicPrefix.slice(5, 13)}@example.org`,
      `00-${TRACE_ID}-a1b2c3d4e5f60718-01`,
    );
    expect(traced.status).toBe(201);

    let sigtermSent = false;
    // A refused or closed connection is an answer the caller can retry; before SIGTERM it is a failure.
    const load = BookingLoad.start({
      baseUrl: first.baseUrl,
      slots,
      clients: CLIENTS,
      tag: topicPrefix.slice(5, 13),
      onUnanswered: () => (sigtermSent ? 'end-client' : 'fail'),
    });
    const { booked } = load;
    await waitFor(
      'bookings under load',
      () => booked.length,
      (count) => count >= BOOKINGS_BEFORE_SIGTERM,
      { timeoutMs: 60_000 },
    );
    sigtermSent = true;
    const exit = await first.terminate();
    await load.finished();
    const refused = [...load.refused.map((r) => String(r.status)), ...load.unanswered.map((u) => u.code)];
    const unanswered = load.unanswered.map((u) => u.email);

    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.ms).toBeLessThanOrEqual(SHUTDOWN_LIMIT_MS);
    expect(first.output.join('')).toContain('SIGTERM: shutting down');
    expect(load.serverErrors).toEqual([]);

    // Requests drained before the relay's last flush: every event of a 201 left the outbox before exit.
    const leftBehind = (await confirmedEvents(appointmentsDb.url)).filter((event) => !event.published);
    expect(leftBehind).toEqual([]);

    // Nothing the first process answered 201 may be lost: a second start delivers whatever it left.
    const second = await ServiceChildProcess.start(ALL_IN_ONE_MAIN, env);
    processes.push(second);
    await second.ready(90_000);
    const mails = await waitFor(
      'a confirmation mail for every booking answered 201',
      () => confirmationMails(messagingDb.url, booked),
      (counts) => booked.every(({ email }) => counts.get(email) === 1),
      { timeoutMs: 30_000 },
    );
    expect([...mails.values()].filter((count) => count !== 1)).toEqual([]);
    const events = await confirmedEvents(appointmentsDb.url);
    // A request without an answer (connection refused, or reset while still in the kernel's accept
    // queue when the listener closed) must not have been processed: nothing was cut off mid-way.
    expect(events.filter((event) => unanswered.includes(event.email))).toEqual([]);
    for (const { reference, email } of booked)
      expect(events.filter((event) => event.reference === reference)).toEqual([{ reference, email, published: true }]);

    // Consumer lag from the broker's offsets: messaging has committed past every booking event.
    const lag = await waitFor(
      "messaging's lag on the booking topic to reach 0",
      async () =>
        sample(await (await fetch(`${second.baseUrl}/metrics`)).text(), 'amtsweg_consumer_lag_records', {
          group: 'messaging',
          topic: BookingConfirmedV2.topic,
        }),
      (records) => records === 0,
      { timeoutMs: 15_000 },
    );
    expect(lag).toBe(0);

    const secondExit = await second.terminate();

    // Not one line of either process, at debug level, names a citizen.
    const output = [...first.output, ...second.output].join('');
    expect(output).not.toContain('Last Minute');
    expect(output).not.toContain('@example.org');

    // One trace from the HTTP request through ce_traceparent on Kafka into messaging's handler.
    const lines = [...first.output, ...second.output]
      .join('')
      .split('\n')
      .filter((line) => line.includes(TRACE_ID))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', status: 201, traceId: TRACE_ID }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'event handled', type: BookingConfirmedV2.type, traceId: TRACE_ID }));
    expect(secondExit.code).toBe(0);
    expect(secondExit.ms).toBeLessThanOrEqual(SHUTDOWN_LIMIT_MS);
    console.log(
      `graceful shutdown: ${booked.length} bookings answered 201 (${refused.length} refused: ${[...new Set(refused)].join(', ')}); ` +
        `exit after SIGTERM in ${exit.ms} ms under load, ${secondExit.ms} ms idle`,
    );
  }, 240_000);
});
