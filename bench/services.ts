/**
 * The built services as child processes on PostgreSQL and Kafka, for the service-level benchmarks:
 * a database of their own per service, a topic prefix of their own, the time to /health/ready.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDatabase, waitFor, type Infrastructure } from '../libs/eventing/src/testing';
import type { ServiceChildProcess } from '../tests/ops/service-child-process';
import { childProcessSupport } from './test-support';

export const SERVICE_NAMES = ['appointments', 'messaging', 'signatures', 'devices'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const serviceMain = (name: ServiceName | 'gateway') => join('dist', 'apps', name, 'src', 'main.js');

/** What `npm start` runs. */
export const allInOneMain = () => childProcessSupport().ALL_IN_ONE_MAIN;

/** One fresh database per service on the server, so nothing lands in the server's shared databases. */
export class ServiceDatabases {
  private constructor(readonly byService: Record<ServiceName, TestDatabase>) {}

  static create(serverUrl: string): ServiceDatabases {
    return new ServiceDatabases(
      Object.fromEntries(SERVICE_NAMES.map((name) => [name, TestDatabase.named(serverUrl)])) as Record<ServiceName, TestDatabase>,
    );
  }

  /** `<SERVICE>_DATABASE_URL` for each. */
  env(): Record<string, string> {
    return Object.fromEntries(SERVICE_NAMES.map((name) => [`${name.toUpperCase()}_DATABASE_URL`, this.byService[name].url]));
  }

  async drop(): Promise<void> {
    for (const database of Object.values(this.byService)) await database.drop();
  }
}

/** The environment every benchmarked process gets: development defaults, quiet logs, its own data directory. */
export function developmentEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-bench-')), ...extra };
}

/** On PostgreSQL and Kafka: the server, each service's database, the topic prefix. */
export function infrastructureEnv(
  { kafkaBrokers, databaseUrl }: Infrastructure,
  databases: ServiceDatabases,
  topicPrefix: string,
): Record<string, string> {
  return { DATABASE_URL: databaseUrl, KAFKA_BROKERS: kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix, ...databases.env() };
}

export interface StartedService {
  process: ServiceChildProcess;
  /** From spawning the process to the first 200 of /health/ready (polled every 20 ms). */
  readyMs: number;
}

/** Started and not yet stopped: killed if the benchmark itself dies, so that no service outlives it. */
const running = new Set<ServiceChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill()));

export async function startService(main: string, env: Record<string, string>, timeoutMs = 180_000): Promise<StartedService> {
  const { ServiceChildProcess } = childProcessSupport();
  const started = performance.now();
  const child = await ServiceChildProcess.start(main, env);
  running.add(child);
  try {
    await waitFor(
      `${main} ready`,
      () =>
        fetch(`${child.baseUrl}/health/ready`).then(
          (response) => response.status,
          () => 0,
        ),
      (status) => status === 200,
      { timeoutMs, intervalMs: 20 },
    );
  } catch (error) {
    child.kill();
    throw new Error(`${(error as Error).message}\n${child.tail()}`);
  }
  return { process: child, readyMs: performance.now() - started };
}

/** SIGTERM, and SIGKILL if it has not exited after 15 s. */
export async function stopService(child: ServiceChildProcess | undefined): Promise<void> {
  if (!child) return;
  const killer = setTimeout(() => child.kill(), 15_000);
  await child.terminate();
  clearTimeout(killer);
  running.delete(child);
}

/** Resident set size in MB, from /proc (Linux). */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}
