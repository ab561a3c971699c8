/**
 * npm run bench:pdf-liveness — does a large document hold the whole process? The built all-in-one
 * (what `npm start` runs) on PostgreSQL and Kafka. A generated 19 MB PDF (tens of thousands of
 * objects) is uploaded as a new signature request in the demo tenant — read, checked, prepared for
 * signing and stored — BENCH_RUNS times (default 3), one after the other. All the while
 * `/health/live` is polled every 10 ms (open loop: a stalled process collects the waiting polls)
 * and citizens book appointments in another tenant ("bench") at 5 per second. Before the first
 * upload the same polling and booking run alone for a while: the baseline, in the same run.
 * Goal: during an upload, `/health/live` p99 ≤ 50 ms, and the bookings' latency stays that of the baseline.
 * Prints a table, writes bench/results/pdf-liveness-<date>.json (docs/performance.md shows it).
 * Needs KAFKA_BROKERS and DATABASE_URL (throwaway databases and a topic prefix, removed afterwards).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { largePdf } from '../apps/signatures/test/signing-fixtures';
import { demoToken } from '../apps/messaging/test/tokens';
import { deleteKafkaPrefix, type Infrastructure } from '../libs/eventing/src/testing';
import { createFixtures } from './booking.bench';
import { SlotSupply } from './booking-load';
import { LoadClient } from './http-client';
import { benchTopicPrefix, QUICK, requireInfrastructure } from './infrastructure';
import { machine } from './report/results';
import { allInOneMain, developmentEnv, infrastructureEnv, ServiceDatabases, startService, stopService } from './services';
import { formatSpread, percentile, round, spread, type Spread } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 3));
const BASELINE_SECONDS = QUICK ? 3 : 10;
const PAUSE_BETWEEN_UPLOADS_MS = 2_000;
const POLL_INTERVAL_MS = 10;
const BOOKINGS_PER_SECOND = 5;
/** 19 MB, under the 20 MiB upload limit with the multipart around it. */
const PDF_PAGES = 16_000;
const PDF_PAGE_BYTES = 1_000;
const UPLOADER = 'staff@demo.example';
const SIGNER = 'clerk@demo.example';

export const PDF_LIVENESS_GOAL = { liveP99Ms: 50 };

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

export interface PdfLivenessReport {
  benchmark: 'pdf-liveness';
  date: string;
  command: string;
  machine: ReturnType<typeof machine>;
  /** The machine's 1-minute load average before and after: other processes on it take CPU from both sides. */
  loadAverage: { before: number; after: number };
  settings: {
    runs: number;
    baselineSeconds: number;
    pollIntervalMs: number;
    bookingsPerSecond: number;
    pdfBytes: number;
    pdfPages: number;
    pdfWorkers: string;
  };
  baseline: WindowFigures;
  /** One per upload. */
  uploads: Array<WindowFigures & { status: number; uploadMs: number }>;
  duringUpload: { uploadMs: Spread; liveP99Ms: Spread; liveMaxMs: Spread; bookingP50Ms: Spread; bookingP99Ms: Spread };
  goal: typeof PDF_LIVENESS_GOAL;
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

  /** The samples sent between `from` and `to` (performance.now()). */
  window(from: number, to: number): WindowFigures {
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
      const req = request({ agent: this.agent, hostname: this.baseUrl.hostname, port: this.baseUrl.port, path: '/health/live' }, (res) => {
        res.resume().on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', reject);
      req.end();
    });
  }
}

async function upload(baseUrl: string, token: string, pdf: Buffer, run: number): Promise<{ status: number; uploadMs: number }> {
  const form = new FormData();
  form.append('title', `Anlage ${run} (Benchmark)`);
  form.append('steps', JSON.stringify([[SIGNER]]));
  form.append('dueAt', new Date(Date.now() + 3 * 86_400_000).toISOString());
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'anlage.pdf');
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/v1/tenants/demo/signature-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  await response.arrayBuffer();
  return { status: response.status, uploadMs: performance.now() - started };
}

export async function runPdfLivenessBench(infrastructure: Infrastructure): Promise<PdfLivenessReport> {
  const loadBefore = loadavg()[0];
  const pdf = largePdf(PDF_PAGES, PDF_PAGE_BYTES);
  const databases = ServiceDatabases.create(infrastructure.databaseUrl);
  const topicPrefix = benchTopicPrefix('pdf');
  const env = developmentEnv(infrastructureEnv(infrastructure, databases, topicPrefix));
  const service = await startService(allInOneMain(), env);
  const pool = new Pool({ connectionString: databases.byService.appointments.url, max: 2 });
  const client = new LoadClient(new URL(service.process.baseUrl));
  try {
    const baseUrl = service.process.baseUrl;
    // The service's issuer: PUBLIC_URL is unset, so http://localhost:<port>.
    const token = await demoToken(
      { DATA_DIR: env.DATA_DIR, issuer: `http://localhost:${new URL(baseUrl).port}`, OIDC_AUDIENCE: 'amtsweg' },
      UPLOADER,
    );
    const fixtures = await createFixtures(pool, 0);
    const supply = await SlotSupply.load(client, 'bench', fixtures.throughputOffice, fixtures.service, 60);
    // Warm-up: the PDF workers' start, JIT, connections.
    const warm = await upload(baseUrl, token, largePdf(50), 0);
    if (warm.status !== 201) throw new Error(`warm-up upload answered ${warm.status}`);
    for (let i = 0; i < 10; i++) await supply.book(client, `pdf-liveness-warmup-${i}@bench.example`);

    const probes = new Probes(new URL(baseUrl), client, supply);
    probes.start();
    const baselineFrom = performance.now();
    await new Promise((resolve) => setTimeout(resolve, BASELINE_SECONDS * 1000));
    const baseline = probes.window(baselineFrom, performance.now());
    const uploads: PdfLivenessReport['uploads'] = [];
    for (let run = 1; run <= RUNS; run++) {
      const from = performance.now();
      const answered = await upload(baseUrl, token, pdf, run);
      const figures = probes.window(from, performance.now());
      uploads.push({ ...answered, ...figures });
      console.log(
        `pdf-liveness run ${run}: upload ${answered.status} in ${round(answered.uploadMs)} ms; /health/live p99 ${round(figures.live.p99Ms)} ms (max ${round(figures.live.maxMs)}); ` +
          `bookings p50 ${round(figures.bookings.p50Ms)} ms, p99 ${round(figures.bookings.p99Ms)} ms (${figures.bookings.made} made, ${figures.bookings.failed} failed)`,
      );
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_UPLOADS_MS));
    }
    await probes.stop();

    const duringUpload = {
      uploadMs: spread(uploads.map((u) => u.uploadMs)),
      liveP99Ms: spread(uploads.map((u) => u.live.p99Ms)),
      liveMaxMs: spread(uploads.map((u) => u.live.maxMs)),
      bookingP50Ms: spread(uploads.map((u) => u.bookings.p50Ms)),
      bookingP99Ms: spread(uploads.map((u) => u.bookings.p99Ms)),
    };
    const report: PdfLivenessReport = {
      benchmark: 'pdf-liveness',
      date: new Date().toISOString(),
      command: `${QUICK ? 'BENCH_QUICK=1 ' : ''}KAFKA_BROKERS=… DATABASE_URL=… npm run bench:pdf-liveness`,
      machine: machine(),
      loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
      settings: {
        runs: RUNS,
        baselineSeconds: BASELINE_SECONDS,
        pollIntervalMs: POLL_INTERVAL_MS,
        bookingsPerSecond: BOOKINGS_PER_SECOND,
        pdfBytes: pdf.length,
        pdfPages: PDF_PAGES,
        pdfWorkers: 'SIGNATURES_PDF_WORKERS default (2)',
      },
      baseline,
      uploads,
      duringUpload,
      goal: PDF_LIVENESS_GOAL,
      goalMet: uploads.every((u) => u.status === 201 && u.live.p99Ms <= PDF_LIVENESS_GOAL.liveP99Ms && u.live.failed === 0),
    };
    printReport(report);
    return report;
  } finally {
    client.close();
    await pool.end();
    await stopService(service.process);
    await databases.drop();
    await deleteKafkaPrefix(infrastructure.kafkaBrokers, topicPrefix);
  }
}

function printReport(r: PdfLivenessReport): void {
  const b = r.baseline;
  const d = r.duringUpload;
  console.log(
    `\nA ${round(r.settings.pdfBytes / 1e6)} MB PDF (${r.settings.pdfPages} pages) uploaded ${r.settings.runs}× as a signature request; node ${r.machine.node}, ${r.machine.cpus} CPU(s), load average ${r.loadAverage.before} → ${r.loadAverage.after}\n`,
  );
  console.log(`upload (read, check, prepare, store): ${formatSpread(d.uploadMs, 'ms')}`);
  console.log(
    `/health/live p99   baseline ${round(b.live.p99Ms)} ms (max ${round(b.live.maxMs)})   during upload ${formatSpread(d.liveP99Ms, 'ms')}, max ${formatSpread(d.liveMaxMs, 'ms')}`,
  );
  console.log(`bookings p50       baseline ${round(b.bookings.p50Ms)} ms   during upload ${formatSpread(d.bookingP50Ms, 'ms')}`);
  console.log(`bookings p99       baseline ${round(b.bookings.p99Ms)} ms   during upload ${formatSpread(d.bookingP99Ms, 'ms')}`);
  console.log(`\ngoal (/health/live p99 ≤ ${r.goal.liveP99Ms} ms during every upload): ${r.goalMet ? 'met' : 'NOT met'}`);
}

async function main(): Promise<void> {
  const report = await runPdfLivenessBench(requireInfrastructure('npm run bench:pdf-liveness'));
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `pdf-liveness-${report.date.slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`written to ${file}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
