/**
 * npm run bench:booking — bookings through the HTTP API against raw `pg` doing the same work in the
 * same run, and a rush of 1,000 concurrent clients on 50 slots. Needs DATABASE_URL (a PostgreSQL
 * server; a throwaway database is created and dropped). Prints a table, writes bench/results/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { v7 } from 'uuid';
import { LoadClient, withConcurrency } from './http-client';
import { formatSpread, percentile, round, spread } from './stats';
import { dropDatabase, withDatabase } from './databases';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RUSH_CLIENTS = 1000;
const RUSH_SLOTS = 50;
const THROUGHPUT_COUNTERS = 10;
const PORT = Number(process.env.BENCH_PORT ?? 3917);
export const TENANT = 'bench';

export interface BookingBenchSettings {
  runs: number;
  bookingsPerRun: number;
}

export const BOOKING_BENCH_DEFAULTS: BookingBenchSettings = {
  runs: Number(process.env.BENCH_RUNS ?? 5),
  bookingsPerRun: Number(process.env.BENCH_BOOKINGS ?? 600),
};

export type BookingReport = Awaited<ReturnType<typeof runBookingBench>>;

export interface Slot {
  start: string;
  end: string;
  remaining: number;
}

async function main(): Promise<void> {
  const report = await runBookingBench(BOOKING_BENCH_DEFAULTS);
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `booking-${report.date.slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nwritten to ${file}`);
}

/** Both measurements on a throwaway database; prints a table and returns the figures. */
export async function runBookingBench({ runs: RUNS, bookingsPerRun: BOOKINGS_PER_RUN }: BookingBenchSettings) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('bench:booking needs DATABASE_URL (a PostgreSQL server), e.g. postgres://postgres@127.0.0.1:5432/postgres');
  const databaseName = `amtsweg_bench_${randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, databaseName);
  const service = await startAppointments(serverUrl, databaseUrl);
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const client = new LoadClient(new URL(`http://127.0.0.1:${PORT}`));
  try {
    const fixtures = await createFixtures(pool, RUNS);
    const throughputSlots = await freeSlots(client, fixtures.throughputOffice, fixtures.service, 60);
    const startsPerRun = Math.ceil(BOOKINGS_PER_RUN / THROUGHPUT_COUNTERS);
    if (throughputSlots.length < startsPerRun * RUNS * 2) throw new Error(`not enough slots for ${RUNS} runs`);

    const httpThroughput = (client: LoadClient, fixtures: Fixtures, starts: string[], run: number) =>
      measureHttp(client, fixtures, starts, run, BOOKINGS_PER_RUN);
    const rawThroughput = (pool: Pool, fixtures: Fixtures, starts: string[], run: number) =>
      measureRaw(pool, fixtures, starts, run, BOOKINGS_PER_RUN);
    const httpRates: number[] = [];
    const rawRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const [httpStarts, rawStarts] = [0, 1].map((side) =>
        throughputSlots.slice((run * 2 + side) * startsPerRun, (run * 2 + side + 1) * startsPerRun).map((s) => s.start),
      );
      httpRates.push(await withFreshClient((fresh) => httpThroughput(fresh, fixtures, httpStarts, run)));
      rawRates.push(await rawThroughput(pool, fixtures, rawStarts, run));
      console.log(`run ${run + 1}: HTTP ${round(httpRates[run])} bookings/s, raw pg ${round(rawRates[run])} transactions/s`);
    }

    const rushes = [];
    for (let run = 0; run < RUNS; run++) {
      rushes.push(await withFreshClient((fresh) => rush(fresh, pool, fixtures, fixtures.rushOffices[run], run)));
      const last = rushes[run];
      console.log(
        `rush ${run + 1}: ${last.created} × 201, ${last.conflicts} × 409, ${last.serverErrors} × 5xx, ${last.doubleBookings} double, p99 ${round(last.p99)} ms`,
      );
    }

    const http = spread(httpRates);
    const raw = spread(rawRates);
    const ratio = spread(httpRates.map((rate, i) => rate / rawRates[i]));
    const report = {
      benchmark: 'booking',
      date: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      settings: {
        runs: RUNS,
        bookingsPerRun: BOOKINGS_PER_RUN,
        concurrency: CONCURRENCY,
        poolSize: 10,
        events: process.env.KAFKA_BROKERS ? 'Kafka' : 'in-process bus',
      },
      throughput: { httpBookingsPerSecond: http, rawPgTransactionsPerSecond: raw, ratio },
      rush: {
        clients: RUSH_CLIENTS,
        slots: RUSH_SLOTS,
        created: spread(rushes.map((r) => r.created)),
        conflicts: spread(rushes.map((r) => r.conflicts)),
        serverErrors: spread(rushes.map((r) => r.serverErrors)),
        doubleBookings: spread(rushes.map((r) => r.doubleBookings)),
        p50Ms: spread(rushes.map((r) => r.p50)),
        p99Ms: spread(rushes.map((r) => r.p99)),
        durationMs: spread(rushes.map((r) => r.durationMs)),
      },
    };
    console.log('\nbooking benchmark (median of runs, with min and max)');
    console.log(`  HTTP API           ${formatSpread(http, 'bookings/s')}`);
    console.log(`  raw pg, same work  ${formatSpread(raw, 'transactions/s')}`);
    console.log(`  ratio HTTP / raw   ${formatSpread(ratio, '', 2)}   (goal ≥ 0.5)`);
    console.log(
      `  rush ${RUSH_CLIENTS} clients on ${RUSH_SLOTS} slots: ${formatSpread(report.rush.created, 'booked', 0)}, ${formatSpread(report.rush.doubleBookings, 'double', 0)}, ${formatSpread(report.rush.serverErrors, '5xx', 0)}`,
    );
    console.log(`  rush latency       p50 ${formatSpread(report.rush.p50Ms, 'ms')}, p99 ${formatSpread(report.rush.p99Ms, 'ms')}`);
    return report;
  } finally {
    client.close();
    await pool.end();
    await stop(service);
    await dropDatabase(serverUrl, databaseName);
  }
}

/**
 * Every phase opens its own connections, as new clients would: an idle keep-alive socket from the
 * previous phase may be closed by the server just as it is reused (a reset that is not the server's fault).
 */
async function withFreshClient<T>(phase: (client: LoadClient) => Promise<T>): Promise<T> {
  const client = new LoadClient(new URL(`http://127.0.0.1:${PORT}`));
  try {
    return await phase(client);
  } finally {
    client.close();
  }
}

export interface Fixtures {
  service: string;
  throughputOffice: string;
  rushOffices: string[];
}

/** A tenant of its own, an office open every day with 10 counters, and one single-counter office per rush. */
export async function createFixtures(pool: Pool, rushes: number): Promise<Fixtures> {
  const now = new Date();
  const service = randomUUID();
  await pool.query(
    `INSERT INTO appointments.tenant (id, slug, name, federal_state, max_active_bookings_per_email, booking_window_days, lead_time_minutes, created_at)
     VALUES ($1, $2, 'Benchmark', 'NW', 100000, 60, 0, $3)`,
    [randomUUID(), TENANT, now],
  );
  await pool.query(`INSERT INTO appointments.service (id, tenant, name, duration_minutes) VALUES ($1, $2, 'Benchmark-Anliegen', 15)`, [
    service,
    TENANT,
  ]);
  const office = async (name: string, counters: number, opens: string, closes: string): Promise<string> => {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO appointments.office (id, tenant, name, street, postal_code, city, time_zone, slot_grid_minutes, created_at)
       VALUES ($1, $2, $3, 'Benchweg 1', '12345', 'Benchstadt', 'Europe/Berlin', 15, $4)`,
      [id, TENANT, name, now],
    );
    for (let weekday = 1; weekday <= 7; weekday++) {
      await pool.query(
        `INSERT INTO appointments.opening_interval (id, tenant, office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), TENANT, id, weekday, opens, closes],
      );
    }
    for (let c = 1; c <= counters; c++) {
      await pool.query(`INSERT INTO appointments.counter (id, tenant, office_id, name) VALUES ($1, $2, $3, $4)`, [
        randomUUID(),
        TENANT,
        id,
        `Schalter ${c}`,
      ]);
    }
    await pool.query(`INSERT INTO appointments.service_office (tenant, service_id, office_id) VALUES ($1, $2, $3)`, [TENANT, service, id]);
    return id;
  };
  const throughputOffice = await office('Durchsatz', THROUGHPUT_COUNTERS, '06:00', '22:00');
  const rushOffices: string[] = [];
  // 08:00–20:30 on a 15-minute grid: exactly 50 slots a day.
  for (let run = 0; run < rushes; run++) rushOffices.push(await office(`Ansturm ${run + 1}`, 1, '08:00', '20:30'));
  return { service, throughputOffice, rushOffices };
}

export async function freeSlots(client: LoadClient, officeId: string, serviceId: string, days: number, tenant = TENANT): Promise<Slot[]> {
  const from = new Date(Date.now() + 3600_000).toISOString();
  const to = new Date(Date.now() + days * 86400_000).toISOString();
  const query = new URLSearchParams({ officeId, serviceId, from, to });
  const response = await client.send('GET', `/api/v1/tenants/${tenant}/slots?${query}`);
  if (response.status !== 200) throw new Error(`slots answered ${response.status}: ${response.body}`);
  return JSON.parse(response.body) as Slot[];
}

export function bookingBody(fixtures: Fixtures, officeId: string, start: string, label: string): unknown {
  return { officeId, serviceId: fixtures.service, start, citizen: { name: 'Bench Mark', email: `${label}@bench.example` } };
}

async function measureHttp(
  client: LoadClient,
  fixtures: Fixtures,
  starts: string[],
  run: number,
  BOOKINGS_PER_RUN: number,
): Promise<number> {
  const tasks = Array.from(
    { length: BOOKINGS_PER_RUN },
    (_, i) => () =>
      client.send(
        'POST',
        `/api/v1/tenants/${TENANT}/bookings`,
        bookingBody(fixtures, fixtures.throughputOffice, starts[i % starts.length], `http-${run}-${i}`),
      ),
  );
  const started = performance.now();
  const results = await withConcurrency(CONCURRENCY, tasks);
  const seconds = (performance.now() - started) / 1000;
  const created = results.filter((r) => r.status === 201).length;
  if (created !== BOOKINGS_PER_RUN)
    throw new Error(
      `HTTP run ${run}: ${created} of ${BOOKINGS_PER_RUN} booked; first other: ${results.find((r) => r.status !== 201)?.body}`,
    );
  return created / seconds;
}

/** The booking use case's reads and transaction, statement for statement, on a plain pg pool. */
async function measureRaw(pool: Pool, fixtures: Fixtures, starts: string[], run: number, BOOKINGS_PER_RUN: number): Promise<number> {
  const tasks = Array.from(
    { length: BOOKINGS_PER_RUN },
    (_, i) => () => rawBooking(pool, fixtures, starts[i % starts.length], `raw-${run}-${i}@bench.example`),
  );
  const started = performance.now();
  await withConcurrency(CONCURRENCY, tasks);
  return BOOKINGS_PER_RUN / ((performance.now() - started) / 1000);
}

const OCCUPYING = ['held', 'confirmed', 'arrived'];

async function rawBooking(pool: Pool, fixtures: Fixtures, start: string, email: string): Promise<void> {
  const officeId = fixtures.throughputOffice;
  await pool.query('SELECT * FROM appointments.tenant WHERE slug = $1', [TENANT]);
  await pool.query(
    `SELECT o.*,
       (SELECT json_agg(json_build_object('weekday', i.weekday, 'opens', i.opens, 'closes', i.closes)) FROM appointments.opening_interval i WHERE i.tenant = o.tenant AND i.office_id = o.id) AS intervals,
       (SELECT json_agg(json_build_object('firstDay', c.first_day, 'lastDay', c.last_day)) FROM appointments.closure c WHERE c.tenant = o.tenant AND (c.office_id = o.id OR c.office_id IS NULL)) AS closures,
       (SELECT json_agg(k.id ORDER BY k.id) FROM appointments.counter k WHERE k.tenant = o.tenant AND k.office_id = o.id) AS counter_ids
     FROM appointments.office o WHERE o.tenant = $1 AND o.id = $2`,
    [TENANT, officeId],
  );
  await pool.query('SELECT * FROM appointments.service WHERE tenant = $1 AND id = $2', [TENANT, fixtures.service]);
  const startAt = new Date(start);
  const endAt = new Date(startAt.getTime() + 15 * 60_000);
  const freeCounter = `SELECT c.id FROM appointments.counter c WHERE c.tenant = $1 AND c.office_id = $2
       AND NOT EXISTS (SELECT 1 FROM appointments.booking b WHERE b.counter_id = c.id AND b.status = ANY($5::text[])
                        AND tstzrange(b.start_at, b.end_at) && tstzrange($3, $4) AND b.id IS DISTINCT FROM $6::uuid)
     ORDER BY random() LIMIT 1`;
  // The use case's shortcut: a visibly full slot is refused before any transaction.
  await pool.query(freeCounter, [TENANT, officeId, startAt, endAt, OCCUPYING, null]);
  const connection = await pool.connect();
  try {
    await connection.query('BEGIN');
    await connection.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`appointments:booking-email:${TENANT}:${email}`]);
    await connection.query(
      `SELECT count(*)::int AS n FROM appointments.booking WHERE tenant = $1 AND lower(citizen_email) = $2 AND status = ANY($3::text[]) AND start_at > $4`,
      [TENANT, email, OCCUPYING, new Date()],
    );
    const counter = await connection.query(freeCounter, [TENANT, officeId, startAt, endAt, OCCUPYING, null]);
    const id = v7();
    const reference = `${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`;
    await connection.query(
      `INSERT INTO appointments.booking (id, tenant, reference, manage_token_sha256, office_id, counter_id, service_id, start_at, end_at, status,
         citizen_name, citizen_email, revision, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'confirmed', 'Bench Mark', $10, 0, now(), now())`,
      [
        id,
        TENANT,
        reference,
        createHash('sha256').update(randomBytes(32)).digest('hex'),
        officeId,
        counter.rows[0].id,
        fixtures.service,
        startAt,
        endAt,
        email,
      ],
    );
    // A whole CloudEvent, as the outbox writes it: the relay publishes these rows too, and a partial one fails its round.
    const envelope = {
      id: v7(),
      source: '/amtsweg/appointments',
      type: 'de.amtsweg.appointments.booking.confirmed.v1',
      specversion: '1.0',
      time: new Date().toISOString(),
      subject: id,
      datacontenttype: 'application/json',
      tenantid: TENANT,
      correlationid: v7(),
      data: { bookingId: id, email, start, reference },
    };
    await connection.query(
      `INSERT INTO appointments.outbox_event (id, topic, key, type, envelope, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, now())`,
      [envelope.id, 'appointments.booking', id, envelope.type, JSON.stringify(envelope)],
    );
    await connection.query('COMMIT');
  } catch (error) {
    await connection.query('ROLLBACK');
    throw error;
  } finally {
    connection.release();
  }
}

async function rush(client: LoadClient, pool: Pool, fixtures: Fixtures, officeId: string, run: number) {
  const slots = (await freeSlots(client, officeId, fixtures.service, 14)).slice(0, RUSH_SLOTS);
  if (slots.length < RUSH_SLOTS) throw new Error(`rush office has ${slots.length} slots`);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: RUSH_CLIENTS }, (_, i) =>
      client.send(
        'POST',
        `/api/v1/tenants/${TENANT}/bookings`,
        bookingBody(fixtures, officeId, slots[i % RUSH_SLOTS].start, `rush-${run}-${i}`),
      ),
    ),
  );
  const durationMs = performance.now() - started;
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM appointments.booking a JOIN appointments.booking b
       ON a.counter_id = b.counter_id AND a.id < b.id AND tstzrange(a.start_at, a.end_at) && tstzrange(b.start_at, b.end_at)
      WHERE a.office_id = $1 AND a.status <> 'cancelled' AND b.status <> 'cancelled'`,
    [officeId],
  );
  return {
    created: results.filter((r) => r.status === 201).length,
    conflicts: results.filter((r) => r.status === 409).length,
    serverErrors: results.filter((r) => r.status >= 500).length,
    doubleBookings: rows[0].n as number,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    durationMs,
  };
}

/** The service under test in a process of its own, as in production: the client does not share its CPU time. */
async function startAppointments(serverUrl: string, databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/apps/appointments/src/main.js'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: serverUrl,
      APPOINTMENTS_DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-bench-')),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`appointments exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${PORT}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('appointments did not become ready within 60 s');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
