/**
 * npm run bench:footprint — memory and start-up of the built processes.
 *  - Time from spawning `npm start`'s entry (dist/apps/gateway/src/main.js) to its first
 *    /health/ready 200: embedded (PGlite under a fresh DATA_DIR, in-process bus — what `npm start`
 *    does without settings) and on PostgreSQL + Kafka (fresh databases). Both are first starts: the
 *    schema is created and the demo data seeded.
 *  - Resident set size (RSS, /proc) of each process idle (after ready and a pause) and its peak under
 *    a booking load (closed loop through the public API), for the all-in-one in both modes and for
 *    the services as separate processes (appointments, messaging, signatures, devices, and the
 *    gateway forwarding to them) on PostgreSQL + Kafka.
 * Needs KAFKA_BROKERS and DATABASE_URL (throwaway databases and topic prefixes, removed afterwards).
 */
import { deleteKafkaPrefix, type Infrastructure } from '../libs/eventing/src/testing';
import type { ServiceChildProcess } from '../tests/ops/service-child-process';
import { closedLoopBookings, SlotSupply } from './booking-load';
import { LoadClient } from './http-client';
import { benchTopicPrefix, QUICK, requireInfrastructure } from './infrastructure';
import {
  allInOneMain,
  developmentEnv,
  infrastructureEnv,
  rssMb,
  SERVICE_NAMES,
  ServiceDatabases,
  serviceMain,
  startService,
  stopService,
  type StartedService,
} from './services';
import { formatSpread, round, spread, type Spread } from './stats';

export interface FootprintSettings {
  runs: number;
  /** Pause between ready and the idle sample. */
  idleSettleMs: number;
  loadSeconds: number;
  loadConcurrency: number;
}

export const FOOTPRINT_DEFAULTS: FootprintSettings = QUICK
  ? { runs: 2, idleSettleMs: 1_000, loadSeconds: 2, loadConcurrency: 8 }
  : { runs: 5, idleSettleMs: 1_500, loadSeconds: 4, loadConcurrency: 8 };

const SAMPLE_EVERY_MS = 100;

/** Process labels, in the order the report shows them. */
export const FOOTPRINT_PROCESSES = ['all-in-one, embedded', 'all-in-one, PostgreSQL + Kafka', ...SERVICE_NAMES, 'gateway'] as const;
export type FootprintProcess = (typeof FOOTPRINT_PROCESSES)[number];
export const STARTUP_MODES = ['embedded', 'PostgreSQL + Kafka'] as const;
type Setup = 'embedded' | 'postgresKafka' | 'separate';

export interface FootprintReport {
  settings: FootprintSettings;
  /** Spawn → first /health/ready 200 of `npm start`'s entry, in ms. */
  startToReadyMs: Record<(typeof STARTUP_MODES)[number], Spread>;
  /** The separate processes' own times (started one after another), in ms. */
  separateStartToReadyMs: Record<(typeof SERVICE_NAMES)[number] | 'gateway', Spread>;
  rssMb: Record<FootprintProcess, { idle: Spread; underLoad: Spread }>;
  /** What the load achieved, per setup. */
  loadBookingsPerSecond: Record<Setup, Spread>;
}

interface SetupRun {
  readyMs: Partial<Record<string, number>>;
  idle: Partial<Record<FootprintProcess, number>>;
  underLoad: Partial<Record<FootprintProcess, number>>;
  bookingsPerSecond: number;
}

export async function runFootprintBench(settings: FootprintSettings, infrastructure: Infrastructure): Promise<FootprintReport> {
  const runs: Record<Setup, SetupRun[]> = { embedded: [], postgresKafka: [], separate: [] };
  for (let run = 1; run <= settings.runs; run++) {
    runs.embedded.push(await measureAllInOne(settings, 'all-in-one, embedded', developmentEnv(), run));
    runs.postgresKafka.push(
      await onInfrastructure(infrastructure, (env) => measureAllInOne(settings, 'all-in-one, PostgreSQL + Kafka', env, run)),
    );
    runs.separate.push(await onInfrastructure(infrastructure, (env) => measureSeparate(settings, env, run)));
    console.log(
      `footprint run ${run}: ready embedded ${round(runs.embedded[run - 1].readyMs.all!)} ms, on PostgreSQL + Kafka ${round(runs.postgresKafka[run - 1].readyMs.all!)} ms; ` +
        `RSS idle / under load: ${FOOTPRINT_PROCESSES.map((name) => {
          const setup = setupOf(name);
          return `${name} ${round(runs[setup][run - 1].idle[name]!)} / ${round(runs[setup][run - 1].underLoad[name]!)} MB`;
        }).join(', ')}`,
    );
  }
  const of = (setup: Setup, pick: (r: SetupRun) => number | undefined) => spread(runs[setup].map((r) => pick(r) ?? NaN));
  const report: FootprintReport = {
    settings,
    startToReadyMs: { embedded: of('embedded', (r) => r.readyMs.all), 'PostgreSQL + Kafka': of('postgresKafka', (r) => r.readyMs.all) },
    separateStartToReadyMs: Object.fromEntries(
      [...SERVICE_NAMES, 'gateway'].map((name) => [name, of('separate', (r) => r.readyMs[name])]),
    ) as FootprintReport['separateStartToReadyMs'],
    rssMb: Object.fromEntries(
      FOOTPRINT_PROCESSES.map((name) => [
        name,
        { idle: of(setupOf(name), (r) => r.idle[name]), underLoad: of(setupOf(name), (r) => r.underLoad[name]) },
      ]),
    ) as FootprintReport['rssMb'],
    loadBookingsPerSecond: {
      embedded: of('embedded', (r) => r.bookingsPerSecond),
      postgresKafka: of('postgresKafka', (r) => r.bookingsPerSecond),
      separate: of('separate', (r) => r.bookingsPerSecond),
    },
  };
  printFootprint(report);
  return report;
}

function setupOf(name: FootprintProcess): Setup {
  if (name === 'all-in-one, embedded') return 'embedded';
  if (name === 'all-in-one, PostgreSQL + Kafka') return 'postgresKafka';
  return 'separate';
}

/** Fresh databases and topic prefix for one setup, removed after it. */
async function onInfrastructure<T>(infrastructure: Infrastructure, measure: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const databases = ServiceDatabases.create(infrastructure.databaseUrl);
  const topicPrefix = benchTopicPrefix('footprint');
  try {
    return await measure(developmentEnv(infrastructureEnv(infrastructure, databases, topicPrefix)));
  } finally {
    await databases.drop();
    await deleteKafkaPrefix(infrastructure.kafkaBrokers, topicPrefix);
  }
}

async function measureAllInOne(
  settings: FootprintSettings,
  name: FootprintProcess,
  env: Record<string, string>,
  run: number,
): Promise<SetupRun> {
  let service: StartedService | undefined;
  try {
    service = await startService(allInOneMain(), env);
    const measured = await idleAndUnderLoad(settings, service.process.baseUrl, { [name]: service.process }, `${setupOf(name)}-${run}`);
    return { readyMs: { all: service.readyMs }, ...measured };
  } finally {
    await stopService(service?.process);
  }
}

/** The four services, one after the other (each migrates its own database), then the gateway in front of them. */
async function measureSeparate(settings: FootprintSettings, env: Record<string, string>, run: number): Promise<SetupRun> {
  const started: Partial<Record<FootprintProcess, StartedService>> = {};
  try {
    for (const name of SERVICE_NAMES) started[name] = await startService(serviceMain(name), env);
    const upstreams = Object.fromEntries(SERVICE_NAMES.map((name) => [`${name.toUpperCase()}_URL`, started[name]!.process.baseUrl]));
    started.gateway = await startService(serviceMain('gateway'), { ...env, ...upstreams });
    const processes = Object.fromEntries(Object.entries(started).map(([name, service]) => [name, service.process]));
    const measured = await idleAndUnderLoad(settings, started.gateway.process.baseUrl, processes, `separate-${run}`);
    return { readyMs: Object.fromEntries(Object.entries(started).map(([name, service]) => [name, service.readyMs])), ...measured };
  } finally {
    // The gateway first: nothing forwards to a service that is already gone.
    for (const name of ['gateway', ...SERVICE_NAMES] as const) await stopService(started[name]?.process);
  }
}

async function idleAndUnderLoad(
  settings: FootprintSettings,
  baseUrl: string,
  processes: Partial<Record<FootprintProcess, ServiceChildProcess>>,
  label: string,
): Promise<Omit<SetupRun, 'readyMs'>> {
  await new Promise((resolve) => setTimeout(resolve, settings.idleSettleMs));
  const idle = Object.fromEntries(Object.entries(processes).map(([name, child]) => [name, rssMb(child.pid)]));
  const underLoad: Record<string, number> = { ...idle };
  const sample = () => {
    for (const [name, child] of Object.entries(processes)) underLoad[name] = Math.max(underLoad[name], rssMb(child.pid));
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  const client = new LoadClient(new URL(baseUrl));
  try {
    // The demo tenant: the embedded database cannot be given fixtures from outside.
    const supply = await SlotSupply.firstOf(client, 'demo', 60);
    const load = await closedLoopBookings(client, supply, `footprint-${label}`, settings.loadSeconds, settings.loadConcurrency);
    if (load.created === 0) throw new Error(`no booking succeeded under load (${JSON.stringify(load.other)})`);
    sample();
    return { idle, underLoad, bookingsPerSecond: load.bookingsPerSecond };
  } finally {
    clearInterval(sampler);
    client.close();
  }
}

function printFootprint(report: FootprintReport): void {
  console.log(`\nfootprint, ${report.settings.runs} runs (median, min, max)`);
  for (const mode of STARTUP_MODES)
    console.log(`  npm start → ready, ${mode.padEnd(20)} ${formatSpread(report.startToReadyMs[mode], 'ms', 0)}`);
  for (const name of FOOTPRINT_PROCESSES) {
    const { idle, underLoad } = report.rssMb[name];
    console.log(`  RSS ${name.padEnd(32)} idle ${formatSpread(idle, 'MB')}, under load ${formatSpread(underLoad, 'MB')}`);
  }
  console.log('');
}

if (require.main === module) {
  runFootprintBench(FOOTPRINT_DEFAULTS, requireInfrastructure('npm run bench:footprint')).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
