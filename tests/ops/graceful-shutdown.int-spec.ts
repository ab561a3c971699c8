import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BookingConfirmedV1 } from '@amtsweg/contracts';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase, waitFor } from '@amtsweg/eventing/testing';
import { Client } from 'pg';
import { sample } from './log-capture';
import { ALL_IN_ONE_MAIN, ServiceChildProcess } from './service-child-process';

const CLIENTS = 6;
/** Bookings answered before SIGTERM, so that the signal lands in the middle of the load. */
const BOOKINGS_BEFORE_SIGTERM = 25;
const SHUTDOWN_LIMIT_MS = 10_000;
const TRACE_ID = '5e1d9a0c2b7f4e3a8c6d1f0b9a8e7d6c';

interface Booked {
  email: string;
  reference: string;
}

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

    const booked: Booked[] = [];
    const refused: string[] = [];
    const unanswered: string[] = [];
    let sigtermSent = false;
    let attempt = 0;
    const client = async (): Promise<void> => {
      // Each client books until the server stops taking connections (after SIGTERM).
      for (;;) {
        const n = attempt++;
        const email = `shutdown-${n}-${topicPrefix.slice(5, 13)}@example.org`;
        try {
          const response = await bookOne(first.baseUrl, slots[n % slots.length], email);
          const body = (await response.json()) as { reference?: string; status?: string };
          if (response.status === 201) {
            expect(body.status).toBe('confirmed');
            booked.push({ email, reference: body.reference as string });
          } else refused.push(String(response.status));
        } catch (error) {
          // A refused or closed connection is an answer the caller can retry; before SIGTERM it is a failure.
          if (!sigtermSent) throw error;
          refused.push((error as { cause?: { code?: string } }).cause?.code ?? 'network');
          unanswered.push(email);
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, client));
    await waitFor(
      'bookings under load',
      () => booked.length,
      (count) => count >= BOOKINGS_BEFORE_SIGTERM,
      { timeoutMs: 60_000 },
    );
    sigtermSent = true;
    const exit = await first.terminate();
    await load;

    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.ms).toBeLessThanOrEqual(SHUTDOWN_LIMIT_MS);
    expect(first.output.join('')).toContain('SIGTERM: shutting down');
    expect(refused.filter((reason) => /^5\d\d$/.test(reason))).toEqual([]);

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
          topic: BookingConfirmedV1.topic,
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
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'event handled', type: BookingConfirmedV1.type, traceId: TRACE_ID }));
    expect(secondExit.code).toBe(0);
    expect(secondExit.ms).toBeLessThanOrEqual(SHUTDOWN_LIMIT_MS);
    console.log(
      `graceful shutdown: ${booked.length} bookings answered 201 (${refused.length} refused: ${[...new Set(refused)].join(', ')}); ` +
        `exit after SIGTERM in ${exit.ms} ms under load, ${secondExit.ms} ms idle`,
    );
  }, 240_000);
});

function bookOne(
  baseUrl: string,
  slot: { officeId: string; serviceId: string; start: string },
  email: string,
  traceparent?: string,
): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/tenants/demo/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(traceparent ? { traceparent } : {}) },
    body: JSON.stringify({ ...slot, citizen: { name: 'Last Minute', email } }),
  });
}

/** Every open slot of the first demo office and service over the next two weeks, as booking bodies. */
async function openSlots(baseUrl: string): Promise<Array<{ officeId: string; serviceId: string; start: string }>> {
  const get = async <T>(path: string) => (await (await fetch(`${baseUrl}/api/v1/tenants/demo/${path}`)).json()) as T;
  const [office] = await get<Array<{ id: string }>>('offices');
  const [service] = await get<Array<{ id: string }>>('services');
  const slots = await get<Array<{ start: string; remaining: number }>>(`slots?officeId=${office.id}&serviceId=${service.id}`);
  return slots.flatMap((slot) =>
    Array.from({ length: slot.remaining }, () => ({ officeId: office.id, serviceId: service.id, start: slot.start })),
  );
}

/** Confirmation mails messaging recorded (and sent) per recipient among the booked ones. */
async function confirmationMails(databaseUrl: string, booked: Booked[]): Promise<Map<string, number>> {
  const rows = await query<{ recipient: string; count: number }>(
    databaseUrl,
    `SELECT recipient, count(*)::int AS count FROM messaging.outbound_mail WHERE recipient = ANY($1) AND status = 'sent' GROUP BY recipient`,
    [booked.map((b) => b.email)],
  );
  return new Map(rows.map((row) => [row.recipient, row.count]));
}

async function confirmedEvents(databaseUrl: string): Promise<Array<{ reference: string; email: string; published: boolean }>> {
  return query(
    databaseUrl,
    `SELECT envelope->'data'->>'reference' AS reference, envelope->'data'->>'email' AS email, published_at IS NOT NULL AS published
       FROM appointments.outbox_event WHERE type = $1`,
    [BookingConfirmedV1.type],
  );
}

async function query<T>(databaseUrl: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
