/**
 * npm run bench:pdf-liveness — does a large document hold the whole process? The built all-in-one
 * (what `npm start` runs), in each database mode: the embedded default (PGlite on its own thread,
 * the in-process bus; always) and PostgreSQL with Kafka (when KAFKA_BROKERS and DATABASE_URL are
 * set: throwaway databases and a topic prefix, removed afterwards). A generated PDF (tens of
 * thousands of objects, 19.7 MB by default; BENCH_PDF_MB=3.5,7,14,20 for several sizes) is uploaded
 * as a new signature request in the demo tenant — read, checked, prepared for signing and stored —
 * BENCH_RUNS times per size (default 3), one after the other. All the while `/health/live` is polled
 * every 10 ms (open loop: a stalled process collects the waiting polls) and citizens book
 * appointments at 5 per second (PostgreSQL: in another tenant, "bench"; embedded: in the demo
 * tenant, whose data cannot be written from outside). Before the first upload the same polling and
 * booking run alone for a while: the baseline, in the same run.
 * Goal: during an upload, `/health/live` p99 ≤ 50 ms, and the bookings' latency stays that of the baseline.
 * Prints a section per mode, writes bench/results/pdf-liveness-<date>.json (PostgreSQL) and
 * pdf-liveness-<date>-embedded.json; docs/performance.md shows the latest of each.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { largePdf } from '../apps/signatures/test/signing-fixtures';
import { demoUserToken } from '../libs/platform/src/testing';
import { deleteKafkaPrefix, infrastructureFromEnv, type Infrastructure } from '../libs/eventing/src/testing';
import { createFixtures } from './booking.bench';
import { SlotSupply } from './booking-load';
import { LoadClient } from './http-client';
import { benchTopicPrefix, QUICK } from './infrastructure';
import { machine } from './report/results';
import { allInOneMain, developmentEnv, infrastructureEnv, ServiceDatabases, startService, stopService } from './services';
import { formatSpread, percentile, round, spread, type Spread } from './stats';

/** SIGNATURES_PDF_WORKERS of the benchmark's own environment, handed to the service it starts. */
const PDF_WORKERS = process.env.SIGNATURES_PDF_WORKERS;
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 3));
const BASELINE_SECONDS = QUICK ? 3 : 10;
const PAUSE_BETWEEN_UPLOADS_MS = 2_000;
const POLL_INTERVAL_MS = 10;
/** A poll unanswered this long counts as failed: a hung process must not hang the benchmark. */
const POLL_TIMEOUT_MS = 60_000;
/** An upload unanswered this long counts as failed (status 0), and the next one is sent. */
const UPLOAD_TIMEOUT_MS = 600_000;
const BOOKINGS_PER_SECOND = 5;
/** 19.7 MB, under the 20 MiB upload limit with the multipart around it. */
const DEFAULT_PDF_PAGES = 16_000;
const PDF_PAGE_BYTES = 1_000;
/** What one page of `largePdf(pages, PDF_PAGE_BYTES)` weighs, objects and cross-reference included. */
const BYTES_PER_PAGE = 1_231;
const UPLOADER = 'staff@demo.example';
const SIGNER = 'clerk@demo.example';

export const PDF_LIVENESS_GOAL = { liveP99Ms: 50 };

export const DATABASE_MODES = {
  postgres: 'PostgreSQL and Kafka',
  embedded: 'embedded (PGlite on its own thread, in-process bus)',
} as const;
export type DatabaseMode = keyof typeof DATABASE_MODES;

interface Sample {
  /** performance.now() when sent. */
  at: number;
  ms: number;
  ok: boolean;
}

/** What the probes saw in one window of time. */
export interface WindowFigures {
  seconds: number;
  live: { polls: number; failed: number; p50Ms: number; p99Ms: number; maxMs: number };
  bookings: { made: number; failed: number; p50Ms: number; p99Ms: number };
}

/** The uploads of one document size. */
export interface DocumentFigures {
  pdfBytes: number;
  pdfPages: number;
  /** One per upload. */
  uploads: Array<WindowFigures & { status: number; uploadMs: number }>;
  duringUpload: { uploadMs: Spread; liveP99Ms: Spread; liveMaxMs: Spread; bookingP50Ms: Spread; bookingP99Ms: Spread };
  goalMet: boolean;
}

export interface PdfLivenessReport {
  benchmark: 'pdf-liveness';
  date: string;
  command: string;
  mode: DatabaseMode;
  database: (typeof DATABASE_MODES)[DatabaseMode];
  machine: ReturnType<typeof machine>;
  /** The machine's 1-minute load average before and after: other processes on it take CPU from both sides. */
  loadAverage: { before: number; after: number };
  settings: {
    runs: number;
    baselineSeconds: number;
    pollIntervalMs: number;
    bookingsPerSecond: number;
    pdfWorkers: string;
  };
  baseline: WindowFigures;
  /** One per size, smallest first. */
  documents: DocumentFigures[];
  goal: typeof PDF_LIVENESS_GOAL;
  /** Met for every upload of every size. */
  goalMet: boolean;
}

/** /health/live every POLL_INTERVAL_MS and bookings at BOOKINGS_PER_SECOND, each on a timer, whatever the answers take. */
class Probes {
  readonly live: Sample[] = [];
  readonly bookings: Sample[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  private booked = 0;

  constructor(
    private readonly baseUrl: URL,
    private readonly bookingClient: LoadClient,
    private readonly supply: SlotSupply,
  ) {}

  start(): void {
    this.timers.push(setInterval(() => this.track(this.live, () => this.getLive()), POLL_INTERVAL_MS));
    this.timers.push(
      setInterval(
        () =>
          this.track(
            this.bookings,
            async () => (await this.supply.book(this.bookingClient, `pdf-liveness-${this.booked++}@bench.example`)).status === 201,
          ),
        1000 / BOOKINGS_PER_SECOND,
      ),
    );
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearInterval);
    await Promise.all(this.pending);
    this.agent.destroy();
  }

  /**
   * The samples sent between `from` and `to` (performance.now()), once every one of them is
   * answered: the polls a stalled process held are answered just after the upload, and they are
   * the ones that matter.
   */
  async window(from: number, to: number): Promise<WindowFigures> {
    await Promise.all([...this.pending]);
    const within = (samples: Sample[]) => samples.filter((sample) => sample.at >= from && sample.at < to);
    const sorted = (samples: Sample[]) => samples.map((sample) => sample.ms).sort((a, b) => a - b);
    const live = within(this.live);
    const bookings = within(this.bookings);
    const liveMs = sorted(live);
    const bookingMs = sorted(bookings.filter((sample) => sample.ok));
    return {
      seconds: round((to - from) / 1000, 2),
      live: {
        polls: live.length,
        failed: live.filter((s) => !s.ok).length,
        p50Ms: percentile(liveMs, 50),
        p99Ms: percentile(liveMs, 99),
        maxMs: liveMs.at(-1) ?? NaN,
      },
      bookings: {
        made: bookingMs.length,
        failed: bookings.length - bookingMs.length,
        p50Ms: percentile(bookingMs, 50),
        p99Ms: percentile(bookingMs, 99),
      },
    };
  }

  private track(samples: Sample[], send: () => Promise<boolean>): void {
    const at = performance.now();
    const done = send().then(
      (ok) => void samples.push({ at, ms: performance.now() - at, ok }),
      () => void samples.push({ at, ms: performance.now() - at, ok: false }),
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  private getLive(): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const req = request(
        { agent: this.agent, hostname: this.baseUrl.hostname, port: this.baseUrl.port, path: '/health/live', timeout: POLL_TIMEOUT_MS },
        (res) => {
          res.resume().on('end', () => resolve(res.statusCode === 200));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${POLL_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end();
    });
  }
}

async function upload(baseUrl: string, token: string, pdf: Buffer, label: string): Promise<{ status: number; uploadMs: number }> {
  const form = new FormData();
  form.append('title', `Anlage ${label} (Benchmark)`);
  form.append('steps', JSON.stringify([[SIGNER]]));
  form.append('dueAt', new Date(Date.now() + 3 * 86_400_000).toISOString());
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'anlage.pdf');
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/api/v1/tenants/demo/signature-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    const body = await response.text();
    // A refusal says why (a problem's code), so that a failed run names its cause.
    if (response.status !== 201) console.log(`upload ${label} answered ${response.status}: ${body.slice(0, 300)}`);
    return { status: response.status, uploadMs: performance.now() - started };
  } catch (error) {
    // A reset connection or no answer at all: exactly what this benchmark is there to catch.
    console.log(`upload ${label} got no answer: ${(error as Error).message}`);
    return { status: 0, uploadMs: performance.now() - started };
  }
}

function pdfWorkersEnv(): Record<string, string> {
  return PDF_WORKERS ? { SIGNATURES_PDF_WORKERS: PDF_WORKERS } : {};
}

/** The document sizes to upload: BENCH_PDF_MB (comma-separated MB), or the default 19.7 MB. */
export function documentPages(setting = process.env.BENCH_PDF_MB): number[] {
  if (!setting) return [DEFAULT_PDF_PAGES];
  return setting
    .split(',')
    .map((mb) => Math.round((Number(mb) * 1e6) / BYTES_PER_PAGE))
    .sort((a, b) => a - b);
}

/** The process under test in one database mode, with a place to book in and a way to clean up. */
interface ModeSetup {
  env: Record<string, string>;
  supply(client: LoadClient): Promise<SlotSupply>;
  cleanUp(): Promise<void>;
}

function postgresSetup(infrastructure: Infrastructure): ModeSetup {
  const databases = ServiceDatabases.create(infrastructure.databaseUrl);
  const topicPrefix = benchTopicPrefix('pdf');
  const pool = new Pool({ connectionString: databases.byService.appointments.url, max: 2 });
  return {
    env: developmentEnv({ ...infrastructureEnv(infrastructure, databases, topicPrefix), ...pdfWorkersEnv() }),
    async supply(client) {
      const fixtures = await createFixtures(pool, 0);
      return SlotSupply.load(client, 'bench', fixtures.throughputOffice, fixtures.service, 60);
    },
    async cleanUp() {
      await pool.end();
      await databases.drop();
      await deleteKafkaPrefix(infrastructure.kafkaBrokers, topicPrefix);
    },
  };
}

function embeddedSetup(): ModeSetup {
  return {
    env: developmentEnv(pdfWorkersEnv()),
    supply: (client) => SlotSupply.firstOf(client, 'demo', 60),
    async cleanUp() {},
  };
}

export async function runPdfLivenessBench(
  mode: DatabaseMode,
  pages: number[],
  infrastructure?: Infrastructure,
): Promise<PdfLivenessReport> {
  const loadBefore = loadavg()[0];
  if (mode === 'postgres' && !infrastructure) throw new Error('the PostgreSQL mode needs KAFKA_BROKERS and DATABASE_URL');
  const setup = mode === 'postgres' ? postgresSetup(infrastructure!) : embeddedSetup();
  const { env } = setup;
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let client: LoadClient | undefined;
  try {
    service = await startService(allInOneMain(), env);
    client = new LoadClient(new URL(service.process.baseUrl));
    const baseUrl = service.process.baseUrl;
    // The service's issuer: PUBLIC_URL is unset, so http://localhost:<port>.
    const token = await demoUserToken(
      { DATA_DIR: env.DATA_DIR, issuer: `http://localhost:${new URL(baseUrl).port}`, OIDC_AUDIENCE: 'amtsweg' },
      UPLOADER,
    );
    const supply = await setup.supply(client);
    // Warm-up: the PDF workers' start, JIT, connections.
    // On Kafka the demo tenant reaches signatures' projection a moment after the seed: until then 404.
    let warm = await upload(baseUrl, token, largePdf(50), 'warm-up');
    for (let attempt = 1; warm.status === 404 && attempt < 30; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      warm = await upload(baseUrl, token, largePdf(50), 'warm-up');
    }
    if (warm.status !== 201) throw new Error(`warm-up upload answered ${warm.status}`);
    for (let i = 0; i < 10; i++) await supply.book(client, `pdf-liveness-warmup-${i}@bench.example`);

    const probes = new Probes(new URL(baseUrl), client, supply);
    probes.start();
    const baselineFrom = performance.now();
    await new Promise((resolve) => setTimeout(resolve, BASELINE_SECONDS * 1000));
    const baseline = await probes.window(baselineFrom, performance.now());
    const documents: DocumentFigures[] = [];
    for (const pdfPages of pages) {
      const pdf = largePdf(pdfPages, PDF_PAGE_BYTES);
      const uploads: DocumentFigures['uploads'] = [];
      for (let run = 1; run <= RUNS; run++) {
        const from = performance.now();
        const answered = await upload(baseUrl, token, pdf, String(run));
        const figures = await probes.window(from, performance.now());
        uploads.push({ ...answered, ...figures });
        console.log(
          `pdf-liveness ${mode}, ${round(pdf.length / 1e6)} MB, run ${run}: upload ${answered.status} in ${round(answered.uploadMs)} ms; /health/live p99 ${round(figures.live.p99Ms)} ms (max ${round(figures.live.maxMs)}, ${figures.live.failed} failed); ` +
            `bookings p50 ${round(figures.bookings.p50Ms)} ms, p99 ${round(figures.bookings.p99Ms)} ms (${figures.bookings.made} made, ${figures.bookings.failed} failed)`,
        );
        await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_UPLOADS_MS));
      }
      documents.push({
        pdfBytes: pdf.length,
        pdfPages,
        uploads,
        duringUpload: {
          uploadMs: spread(uploads.map((u) => u.uploadMs)),
          liveP99Ms: spread(uploads.map((u) => u.live.p99Ms)),
          liveMaxMs: spread(uploads.map((u) => u.live.maxMs)),
          bookingP50Ms: spread(uploads.map((u) => u.bookings.p50Ms)),
          bookingP99Ms: spread(uploads.map((u) => u.bookings.p99Ms)),
        },
        goalMet: uploads.every((u) => u.status === 201 && u.live.p99Ms <= PDF_LIVENESS_GOAL.liveP99Ms && u.live.failed === 0),
      });
    }
    await probes.stop();

    const infrastructurePart = mode === 'postgres' ? 'KAFKA_BROKERS=… DATABASE_URL=… ' : '';
    const sizesPart = process.env.BENCH_PDF_MB ? `BENCH_PDF_MB=${process.env.BENCH_PDF_MB} ` : '';
    const report: PdfLivenessReport = {
      benchmark: 'pdf-liveness',
      date: new Date().toISOString(),
      command: `${QUICK ? 'BENCH_QUICK=1 ' : ''}${sizesPart}${PDF_WORKERS ? `SIGNATURES_PDF_WORKERS=${PDF_WORKERS} ` : ''}${infrastructurePart}npm run bench:pdf-liveness`,
      mode,
      database: DATABASE_MODES[mode],
      machine: machine(),
      loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
      settings: {
        runs: RUNS,
        baselineSeconds: BASELINE_SECONDS,
        pollIntervalMs: POLL_INTERVAL_MS,
        bookingsPerSecond: BOOKINGS_PER_SECOND,
        pdfWorkers: PDF_WORKERS ? `SIGNATURES_PDF_WORKERS=${PDF_WORKERS}` : 'SIGNATURES_PDF_WORKERS default (2)',
      },
      baseline,
      documents,
      goal: PDF_LIVENESS_GOAL,
      goalMet: documents.every((d) => d.goalMet),
    };
    printReport(report);
    return report;
  } finally {
    client?.close();
    await stopService(service?.process);
    await setup.cleanUp();
    rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
}

function printReport(r: PdfLivenessReport): void {
  const b = r.baseline;
  console.log(
    `\n== ${r.database}: node ${r.machine.node}, ${r.machine.cpus} CPU(s), load average ${r.loadAverage.before} → ${r.loadAverage.after}; ` +
      `/health/live p99 baseline ${round(b.live.p99Ms)} ms (max ${round(b.live.maxMs)}), bookings p50 ${round(b.bookings.p50Ms)} ms, p99 ${round(b.bookings.p99Ms)} ms`,
  );
  for (const document of r.documents) {
    const d = document.duringUpload;
    console.log(
      `\nA ${round(document.pdfBytes / 1e6)} MB PDF (${document.pdfPages} pages) uploaded ${r.settings.runs}× as a signature request`,
    );
    console.log(`upload (read, check, prepare, store): ${formatSpread(d.uploadMs, 'ms')}`);
    console.log(`/health/live p99 during upload ${formatSpread(d.liveP99Ms, 'ms')}, max ${formatSpread(d.liveMaxMs, 'ms')}`);
    console.log(`bookings p50 during upload ${formatSpread(d.bookingP50Ms, 'ms')}, p99 ${formatSpread(d.bookingP99Ms, 'ms')}`);
  }
  console.log(`\ngoal (/health/live p99 ≤ ${r.goal.liveP99Ms} ms during every upload): ${r.goalMet ? 'met' : 'NOT met'}`);
}

function resultFile(report: PdfLivenessReport): string {
  return join('bench/results', `pdf-liveness-${report.date.slice(0, 10)}${report.mode === 'embedded' ? '-embedded' : ''}.json`);
}

/** The embedded default always; PostgreSQL and Kafka when they are given. BENCH_PDF_MODES=embedded|postgres picks one. */
function modesToRun(infrastructure: Infrastructure | undefined): DatabaseMode[] {
  const asked = process.env.BENCH_PDF_MODES?.split(',') as DatabaseMode[] | undefined;
  const modes = asked ?? (infrastructure ? ['embedded', 'postgres'] : ['embedded']);
  if (modes.includes('postgres') && !infrastructure) {
    throw new Error(
      'the PostgreSQL mode needs KAFKA_BROKERS and DATABASE_URL, e.g.\n' +
        '  KAFKA_BROKERS=127.0.0.1:9092 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:pdf-liveness',
    );
  }
  if (!infrastructure) console.log('KAFKA_BROKERS and DATABASE_URL are not set: the embedded default only.');
  return modes;
}

async function main(): Promise<void> {
  const infrastructure = infrastructureFromEnv({ ...process.env, CI: undefined });
  mkdirSync('bench/results', { recursive: true });
  for (const mode of modesToRun(infrastructure)) {
    const report = await runPdfLivenessBench(mode, documentPages(), infrastructure);
    const file = resultFile(report);
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    console.log(`written to ${file}`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
