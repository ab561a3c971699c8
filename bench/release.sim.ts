/**
 * npm run sim:release — a release of 500 slots meets 5,000 requesters, a share of them scripted
 * bots that all fire the moment the slots appear (and retry at once), the rest people who come
 * over the following minutes. The service takes IN_FLIGHT requests at a time, first come first
 * served, like a server at its capacity. Once first-come (the slot list and `POST /bookings`, as today), once as a
 * draw (`POST /releases/{id}/requests` until the draw, then the seeded lottery). Reports the share
 * of slots the bots got each way. The appointments service runs in this process on the embedded
 * database, or on PostgreSQL when DATABASE_URL is set (a throwaway database, dropped at the end).
 * Stops by itself; writes bench/results/release-<date>.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { v7 } from 'uuid';
import { createServiceApp, loadConfig, startServiceApp } from '../libs/platform/src';
import { APPOINTMENTS_DATA_SOURCE } from '../apps/appointments/src/appointments.database';
import { appointmentsProcess } from '../apps/appointments/src/appointments.process';
import { FairBookingScheduler } from '../apps/appointments/src/fair-booking/fair-booking.scheduler';
import { GermanPublicHolidays } from '../apps/appointments/src/office/public-holidays';
import { AnnounceReleaseHandler } from '../apps/appointments/src/release/announce-release/announce-release.handler';
import { SeededRandom } from '../apps/appointments/src/release/seeded-random';
import { TenantDirectory } from '../apps/appointments/src/tenancy/tenant-directory';
import { LoadClient } from './http-client';
import { round } from './stats';
import { dropDatabase, withDatabase } from './databases';

const REQUESTERS = Number(process.env.SIM_REQUESTERS ?? 5000);
const BOT_SHARE = Number(process.env.SIM_BOT_SHARE ?? 0.1);
/** People arrive evenly over this time after the release (compressed: the real rush lasts 90 minutes). */
const HUMAN_SPREAD_MS = Number(process.env.SIM_HUMAN_SPREAD_MS ?? 120_000);
/** For the draw the moment of asking does not matter; people ask over a shorter time so the run ends sooner. */
const DRAW_SPREAD_MS = Math.min(HUMAN_SPREAD_MS, 15_000);
/**
 * Requests in flight at once, over all requesters; the rest wait their turn in arrival order. The
 * service runs in this process: without a bound its accept queue overflows and connections reset.
 */
const IN_FLIGHT = Number(process.env.SIM_IN_FLIGHT ?? 64);
/** How often a person tries again after "slot taken" before giving up. */
const HUMAN_ATTEMPTS = 3;
const COUNTERS = 10;
const OPENS = 8;
const CLOSES = 18;
const WEEKDAYS = 5;
/** 10 counters × 10 one-hour appointments × 5 weekdays. */
const SLOTS = COUNTERS * (CLOSES - OPENS) * WEEKDAYS;
const TENANT = 'sim';
const random = new SeededRandom(process.env.SIM_SEED ?? 'amtsweg release simulation');

interface Fixtures {
  serviceId: string;
  firstComeOffice: string;
  drawOffice: string;
  weekFrom: string;
  weekTo: string;
}

interface Tally {
  slots: number;
  booked: number;
  byBots: number;
  botShare: number;
  humansServed: number;
  humansWithout: number;
  /** 5xx answers and reset connections. */
  serverErrors: number;
  seconds: number;
  /** First-come only: seconds after the release until the slot list was empty. */
  soldOutAfterSeconds?: number;
}

async function main(): Promise<void> {
  const bots = Math.round(REQUESTERS * BOT_SHARE);
  const humans = REQUESTERS - bots;
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-sim-'));
  const serverUrl = process.env.DATABASE_URL;
  const databaseName = `amtsweg_sim_${randomBytes(4).toString('hex')}`;
  if (serverUrl) process.env.APPOINTMENTS_DATABASE_URL = withDatabase(serverUrl, databaseName);
  // The sim draws when it is time; no background rounds.
  process.env.APPOINTMENTS_SCHEDULER_INTERVAL_MS = '0';
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    ...(serverUrl ? { DATABASE_URL: serverUrl } : {}),
  });
  const app = await startServiceApp(await createServiceApp(appointmentsProcess, config));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const base = new URL(`http://127.0.0.1:${port}`);
  try {
    const dataSource = app.get<DataSource>(APPOINTMENTS_DATA_SOURCE);
    const fixtures = await createFixtures(dataSource);
    console.log(
      `release of ${SLOTS} slots, ${REQUESTERS} requesters: ${bots} bots firing at once, ${humans} people arriving over ${HUMAN_SPREAD_MS / 1000} s (${serverUrl ? 'PostgreSQL' : 'embedded PGlite'})`,
    );
    // A fresh client per phase: a kept-alive socket the server closed while idle would fail the next phase.
    const firstCome = await withClient(base, (client) => firstComeRelease(client, dataSource, fixtures, bots, humans));
    console.log(
      `first-come: ${firstCome.booked} booked, ${firstCome.byBots} by bots (${pct(firstCome.botShare)}), sold out after ${firstCome.soldOutAfterSeconds ?? '–'} s, ${firstCome.humansWithout} people without a slot`,
    );
    const draw = await withClient(base, (client) => drawRelease(app, client, dataSource, fixtures, bots, humans));
    console.log(
      `draw:       ${draw.booked} assigned, ${draw.byBots} to bots (${pct(draw.botShare)}), ${draw.humansWithout} people without a slot`,
    );

    const result = {
      date: new Date().toISOString(),
      command: 'npm run sim:release',
      database: serverUrl ? 'PostgreSQL' : 'embedded PGlite',
      parameters: {
        requesters: REQUESTERS,
        slots: SLOTS,
        botShare: BOT_SHARE,
        bots,
        humanSpreadMs: HUMAN_SPREAD_MS,
        drawSpreadMs: DRAW_SPREAD_MS,
        inFlight: IN_FLIGHT,
        humanAttempts: HUMAN_ATTEMPTS,
      },
      firstCome,
      draw,
    };
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/release-${result.date.slice(0, 10)}.json`;
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${file}`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl) await dropDatabase(serverUrl, databaseName);
  }
}

/** Slots appear; bots grab them in loops, people come one by one, look at the list and book one. */
async function firstComeRelease(
  client: GatedClient,
  dataSource: DataSource,
  fixtures: Fixtures,
  bots: number,
  humans: number,
): Promise<Tally> {
  const started = Date.now();
  let serverErrors = 0;
  let soldOutAt: number | undefined;
  const slotsPath = `/api/v1/tenants/${TENANT}/slots?officeId=${fixtures.firstComeOffice}&serviceId=${fixtures.serviceId}&from=${encodeURIComponent(fixtures.weekFrom)}&to=${encodeURIComponent(fixtures.weekTo)}`;
  const freeStarts = async (): Promise<string[]> => {
    const response = await client.send('GET', slotsPath);
    if (response.status >= 500 || response.status === 0) serverErrors += 1;
    const starts = response.status === 200 ? (JSON.parse(response.body) as Array<{ start: string }>).map((slot) => slot.start) : [];
    if (response.status === 200 && starts.length === 0) soldOutAt ??= Date.now();
    return starts;
  };
  const book = async (start: string, email: string): Promise<boolean> => {
    const response = await client.send('POST', `/api/v1/tenants/${TENANT}/bookings`, {
      officeId: fixtures.firstComeOffice,
      serviceId: fixtures.serviceId,
      start,
      citizen: { name: 'Sim', email },
    });
    if (response.status >= 500 || response.status === 0) serverErrors += 1;
    return response.status === 201;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(random.next() * items.length)];

  // A bot asks again at once after "slot taken", until it has a slot or none is left.
  const bot = async (email: string): Promise<void> => {
    for (;;) {
      const starts = await freeStarts();
      if (starts.length === 0 || (await book(pick(starts), email))) return;
    }
  };
  const person = async (email: string, arrivesAfterMs: number): Promise<boolean> => {
    await sleep(arrivesAfterMs);
    for (let attempt = 0; attempt < HUMAN_ATTEMPTS; attempt += 1) {
      const starts = await freeStarts();
      if (starts.length === 0) return false;
      if (await book(pick(starts), email)) return true;
    }
    return false;
  };

  const botRuns = Array.from({ length: bots }, (_, i) => bot(`bot-${i}@sim.example`));
  const people = Array.from({ length: humans }, (_, i) => person(`person-${i}@sim.example`, random.next() * HUMAN_SPREAD_MS));
  const [served] = await Promise.all([Promise.all(people), Promise.all(botRuns)]);
  const counts = await bookedBy(dataSource, fixtures.firstComeOffice);
  const humansServed = served.filter(Boolean).length;
  return {
    ...tally(counts, humansServed, humans, serverErrors, started),
    soldOutAfterSeconds: soldOutAt === undefined ? undefined : round((soldOutAt - started) / 1000),
  };
}

/** The same release as a draw: everyone asks during the collection window, then one lottery. */
async function drawRelease(
  app: INestApplication,
  client: GatedClient,
  dataSource: DataSource,
  fixtures: Fixtures,
  bots: number,
  humans: number,
): Promise<Tally> {
  const started = Date.now();
  let serverErrors = 0;
  const tenant = (await app.get(TenantDirectory).find(TENANT))!;
  const { release } = await app.get(AnnounceReleaseHandler).execute({
    tenant,
    serviceId: fixtures.serviceId,
    officeIds: [fixtures.drawOffice],
    slotsFrom: Date.parse(fixtures.weekFrom),
    slotsTo: Date.parse(fixtures.weekTo),
    requestsUntil: Date.now() + 3_600_000,
    actor: { userId: 'release-sim', role: 'tenant-admin' },
  });
  const ask = async (email: string): Promise<number> => {
    const response = await client.send('POST', `/api/v1/tenants/${TENANT}/releases/${release.id}/requests`, {
      officeIds: [fixtures.drawOffice],
      weekdays: [1, 2, 3, 4, 5],
      earliest: '08:00',
      latest: '18:00',
      citizen: { name: 'Sim', email },
    });
    if (response.status >= 500 || response.status === 0) serverErrors += 1;
    return response.status;
  };
  // Bots fire at once, three times each: only one request per address counts, so speed buys nothing.
  const botRuns = Array.from({ length: bots }, async (_, i) => {
    for (let shot = 0; shot < 3; shot += 1) await ask(`bot-${i}@sim.example`);
  });
  const people = Array.from({ length: humans }, async (_, i) => {
    await sleep(random.next() * DRAW_SPREAD_MS);
    await ask(`person-${i}@sim.example`);
  });
  await Promise.all([...botRuns, ...people]);
  // Compressed time: the collection window (a day, say) closes once everybody has asked.
  await dataSource.query('UPDATE appointments.release SET requests_until = now() WHERE id = $1', [release.id]);
  const { drawn } = await app.get(FairBookingScheduler).runRound();
  if (drawn !== 1) throw new Error(`expected one draw, got ${drawn}`);
  const counts = await bookedBy(dataSource, fixtures.drawOffice);
  return tally(counts, counts.humans, humans, serverErrors, started);
}

/** The load client behind a first-come-first-served gate of IN_FLIGHT requests; a reset connection answers status 0. */
class GatedClient {
  private readonly client: LoadClient;
  private inFlight = 0;
  private readonly queue: Array<() => void> = [];

  constructor(base: URL) {
    this.client = new LoadClient(base);
  }

  async send(method: string, path: string, json?: unknown): Promise<{ status: number; body: string }> {
    if (this.inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.inFlight += 1;
    try {
      return await this.client.send(method, path, json);
    } catch {
      return { status: 0, body: '' };
    } finally {
      this.inFlight -= 1;
      this.queue.shift()?.();
    }
  }

  close(): void {
    this.client.close();
  }
}

async function withClient<T>(base: URL, work: (client: GatedClient) => Promise<T>): Promise<T> {
  const client = new GatedClient(base);
  try {
    return await work(client);
  } finally {
    client.close();
  }
}

async function bookedBy(dataSource: DataSource, officeId: string): Promise<{ bots: number; humans: number }> {
  const rows = (await dataSource.query(
    `SELECT (citizen_email LIKE 'bot-%') AS bot, count(*)::int AS n FROM appointments.booking WHERE office_id = $1 AND status IN ('confirmed', 'held') GROUP BY 1`,
    [officeId],
  )) as Array<{ bot: boolean; n: number }>;
  return { bots: rows.find((r) => r.bot)?.n ?? 0, humans: rows.find((r) => !r.bot)?.n ?? 0 };
}

function tally(
  counts: { bots: number; humans: number },
  humansServed: number,
  humans: number,
  serverErrors: number,
  started: number,
): Tally {
  const booked = counts.bots + counts.humans;
  return {
    slots: SLOTS,
    booked,
    byBots: counts.bots,
    botShare: booked === 0 ? 0 : round(counts.bots / booked, 4),
    humansServed,
    humansWithout: humans - humansServed,
    serverErrors,
    seconds: round((Date.now() - started) / 1000),
  };
}

/** Tenant `sim` (no hold, no per-address limit: first-come as it is today), one service, two equal offices. */
async function createFixtures(dataSource: DataSource): Promise<Fixtures> {
  await dataSource.query(
    `INSERT INTO appointments.tenant (id, slug, name, federal_state, max_active_bookings_per_email, booking_window_days, lead_time_minutes, hold_minutes, waiting_offer_minutes, created_at)
     VALUES ($1, $2, 'Simulationsstadt', 'NW', NULL, 60, 0, NULL, 60, now())`,
    [v7(), TENANT],
  );
  const serviceId = v7();
  await dataSource.query(`INSERT INTO appointments.service (id, tenant, name, duration_minutes) VALUES ($1, $2, 'Reisepass', 60)`, [
    serviceId,
    TENANT,
  ]);
  const office = async (name: string): Promise<string> => {
    const id = v7();
    await dataSource.query(
      `INSERT INTO appointments.office (id, tenant, name, street, postal_code, city, time_zone, slot_grid_minutes, created_at)
       VALUES ($1, $2, $3, 'Simweg 1', '12345', 'Simstadt', 'Europe/Berlin', 60, now())`,
      [id, TENANT, name],
    );
    for (let weekday = 1; weekday <= WEEKDAYS; weekday += 1) {
      await dataSource.query(
        `INSERT INTO appointments.opening_interval (id, tenant, office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4, $5, $6)`,
        [v7(), TENANT, id, weekday, `${OPENS}:00`, `${CLOSES}:00`],
      );
    }
    for (let i = 1; i <= COUNTERS; i += 1)
      await dataSource.query(`INSERT INTO appointments.counter (id, tenant, office_id, name) VALUES ($1, $2, $3, $4)`, [
        v7(),
        TENANT,
        id,
        `Platz ${i}`,
      ]);
    await dataSource.query(`INSERT INTO appointments.service_office (tenant, service_id, office_id) VALUES ($1, $2, $3)`, [
      TENANT,
      serviceId,
      id,
    ]);
    return id;
  };
  // A week without public holidays, three to eight weeks ahead.
  let monday = DateTime.now().setZone('Europe/Berlin').startOf('week').plus({ weeks: 3 });
  while (!holidayFree(monday)) monday = monday.plus({ weeks: 1 });
  return {
    serviceId,
    firstComeOffice: await office('Erstbesteller-Amt'),
    drawOffice: await office('Verlosungs-Amt'),
    weekFrom: monday.toISO()!,
    weekTo: monday.plus({ days: 5 }).toISO()!,
  };
}

function holidayFree(monday: DateTime): boolean {
  const holidays = new GermanPublicHolidays();
  return Array.from({ length: WEEKDAYS }, (_, d) => monday.plus({ days: d }).toISODate()!).every(
    (date) => !holidays.isPublicHoliday('NW', date),
  );
}

function pct(share: number): string {
  return `${round(share * 100, 1)} %`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
