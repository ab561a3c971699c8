/** The combined results of `npm run bench`: one JSON file per day in bench/results/, read back by the doc generator. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import type { BookingReport } from '../booking.bench';
import type { FootprintReport } from '../footprint.bench';
import type { MailLatencyReport } from '../mail-latency.bench';
import type { PipelineReport } from '../pipeline.bench';

export const RESULTS_DIR = join('bench', 'results');

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
}

export interface BenchResults {
  benchmark: 'bench';
  /** ISO time the run started. */
  date: string;
  /** The command that made these figures, as typed (credentials removed). */
  command: string;
  quick: boolean;
  durationSeconds: number;
  machine: Machine;
  booking: BookingReport;
  pipeline: PipelineReport;
  mailLatency: MailLatencyReport;
  footprint: FootprintReport;
}

export function machine(): Machine {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
  };
}

/** `KAFKA_BROKERS=… DATABASE_URL=… npm run bench`, with a password in the URL replaced by `***`. */
export function commandLine(env: NodeJS.ProcessEnv = process.env): string {
  const database = new URL(env.DATABASE_URL ?? 'postgres://unset');
  if (database.password) database.password = '***';
  const quick = env.BENCH_QUICK === '1' ? 'BENCH_QUICK=1 ' : '';
  return `${quick}KAFKA_BROKERS=${env.KAFKA_BROKERS ?? ''} DATABASE_URL=${database.toString()} npm run bench`;
}

export function resultsFile(date: string): string {
  return join(RESULTS_DIR, `bench-${date.slice(0, 10)}.json`);
}

export function writeResults(results: BenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = resultsFile(results.date);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** The newest file named `<prefix><YYYY-MM-DD><suffix>.json` in bench/results/, or undefined. */
export function latestResultFile(prefix: string, suffix = ''): string | undefined {
  const pattern = new RegExp(`^${prefix}\\d{4}-\\d{2}-\\d{2}${suffix}\\.json$`);
  const files = readdirSync(RESULTS_DIR)
    .filter((name) => pattern.test(name))
    .sort();
  return files.length > 0 ? join(RESULTS_DIR, files[files.length - 1]) : undefined;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
