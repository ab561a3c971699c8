/**
 * npm run bench:import — the device CSV import (`ImportDevicesHandler`, the handler behind
 * `POST /devices/import` and the command line, fed the file as a stream) against a raw
 * `COPY … FROM STDIN (FORMAT csv)` of the very same file into a table like `devices.device`
 * (same columns, constraints and indexes), for 10,000 and 100,000 valid rows, in the same run.
 * Goal: import ≥ 0.3 × COPY. Also the import's peak RSS and heap (sampled every 10 ms after a
 * `global.gc()`; run with `--expose-gc`, as the npm script does). Needs DATABASE_URL (a PostgreSQL
 * server): a throwaway database is created, migrated and dropped. BENCH_RUNS (default 3) runs per
 * size; every run starts from empty tables. Prints a table, writes bench/results/import-<date>.json.
 *
 * pg-copy-streams is not installed: `CopyFromStdin` below speaks pg's copy-in sub-protocol
 * through the client's public `Submittable` interface, with backpressure on the socket.
 */
import { SystemClock } from '../libs/platform/src/clock/clock';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Client, type Connection } from 'pg';
import type { DataSource } from 'typeorm';
import { devicesDatabase } from '../apps/devices/src/devices.database';
import { IMPORT_BATCH_SIZE, ImportDevicesHandler } from '../apps/devices/src/import/import-devices/import-devices.handler';
import { openServiceDataSource } from '../libs/platform/src/database/service-data-source';
import { formatSpread, round, spread, type Spread } from './stats';
import { dropDatabase, withDatabase } from './databases';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_IMPORT_ROWS ?? '10000,100000').split(',').map(Number);
const GOAL_RATIO = 0.3;
const TENANT = 'bench';
const COLUMNS = 'type,model,serial,assetTag,imei,orderNumber,supplier,deliveredOn,warrantyUntil';

interface Memory {
  rssMb: number;
  heapUsedMb: number;
}

interface SizeResult {
  rows: number;
  fileMb: number;
  importRowsPerSecond: Spread;
  copyRowsPerSecond: Spread;
  ratio: Spread;
  /** The import's highest sample (every 10 ms, garbage included) and how far above the start (after a gc). */
  importPeak: { rssMb: Spread; heapUsedMb: Spread; rssAboveStartMb: Spread; heapAboveStartMb: Spread };
  /** One more, untimed import with a gc after every batch: the memory the import really keeps. */
  liveHeap: { peakMb: number; aboveStartMb: number };
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('bench:import needs DATABASE_URL (a PostgreSQL server), e.g. postgres://postgres@127.0.0.1:5432/postgres');
  if (typeof global.gc !== 'function') throw new Error('bench:import needs node --expose-gc (npm run bench:import passes it)');
  const databaseName = `amtsweg_bench_import_${randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, databaseName);
  const workDir = mkdtempSync(join(tmpdir(), 'amtsweg-bench-import-'));
  // As the service runs it: migrated by its own migrations, a pool of 10.
  const dataSource = await openServiceDataSource(devicesDatabase, { kind: 'postgres', url: databaseUrl });
  const copyClient = new Client({ connectionString: databaseUrl });
  await copyClient.connect();
  try {
    await copyClient.query(`CREATE TABLE public.device_copy (LIKE devices.device INCLUDING ALL)`);
    // COPY fills what a CSV row does not carry, as the import does from its own values.
    await copyClient.query(`ALTER TABLE public.device_copy
      ALTER COLUMN id SET DEFAULT gen_random_uuid(), ALTER COLUMN tenant SET DEFAULT '${TENANT}', ALTER COLUMN status SET DEFAULT 'in_stock',
      ALTER COLUMN created_by SET DEFAULT 'bench', ALTER COLUMN created_via SET DEFAULT 'import', ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN updated_at SET DEFAULT now()`);
    const handler = new ImportDevicesHandler(dataSource, new SystemClock());
    const results: SizeResult[] = [];
    for (const rows of SIZES) {
      const file = join(workDir, `devices-${rows}.csv`);
      await writeCsv(file, rows);
      const importRates: number[] = [];
      const copyRates: number[] = [];
      const peaks: Array<Memory & { rssAbove: number; heapAbove: number }> = [];
      for (let run = 0; run < RUNS; run++) {
        await emptyTables(dataSource);
        const imported = await measured(async () => {
          const report = await handler.execute(TENANT, 'bench', createReadStream(file));
          if (report.imported !== rows || report.failedCount !== 0)
            throw new Error(`import of ${rows} rows: ${JSON.stringify({ ...report, failed: report.failed.slice(0, 3) })}`);
        });
        const copied = await timed(async () => {
          const count = await copyClient.query(
            new CopyFromStdin(
              `COPY public.device_copy (type, model, serial, asset_tag, imei, order_number, supplier, delivered_on, warranty_until) FROM STDIN (FORMAT csv, HEADER true)`,
              file,
            ),
          );
          if (count.rowCount !== rows) throw new Error(`COPY of ${rows} rows wrote ${count.rowCount}`);
        });
        importRates.push(rows / imported.seconds);
        copyRates.push(rows / copied);
        peaks.push({
          ...imported.peak,
          rssAbove: imported.peak.rssMb - imported.start.rssMb,
          heapAbove: imported.peak.heapUsedMb - imported.start.heapUsedMb,
        });
        console.log(
          `${rows} rows, run ${run + 1}: import ${round(rows / imported.seconds, 0)} rows/s, COPY ${round(rows / copied, 0)} rows/s, ratio ${round(copied / imported.seconds, 2)}, peak RSS ${round(imported.peak.rssMb)} MB, heap ${round(imported.peak.heapUsedMb)} MB`,
        );
      }
      await emptyTables(dataSource);
      const live = await liveHeap(handler, file);
      results.push({
        rows,
        fileMb: round(statSync(file).size / 1_048_576, 2),
        importRowsPerSecond: spread(importRates),
        copyRowsPerSecond: spread(copyRates),
        ratio: spread(importRates.map((rate, i) => rate / copyRates[i])),
        importPeak: {
          rssMb: spread(peaks.map((p) => p.rssMb)),
          heapUsedMb: spread(peaks.map((p) => p.heapUsedMb)),
          rssAboveStartMb: spread(peaks.map((p) => p.rssAbove)),
          heapAboveStartMb: spread(peaks.map((p) => p.heapAbove)),
        },
        liveHeap: { peakMb: round(live.peakMb), aboveStartMb: round(live.peakMb - live.startMb) },
      });
    }

    const report = {
      benchmark: 'import',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      settings: {
        runs: RUNS,
        importBatchSize: IMPORT_BATCH_SIZE,
        poolSize: 10,
        baseline: 'COPY FROM STDIN (FORMAT csv) of the same file into a table LIKE devices.device INCLUDING ALL',
      },
      goalRatio: GOAL_RATIO,
      results,
    };
    console.log('\nimport benchmark (median of runs, with min and max)');
    for (const r of results) {
      console.log(`  ${r.rows} rows (${r.fileMb} MB)`);
      console.log(`    import (handler, streamed)  ${formatSpread(r.importRowsPerSecond, 'rows/s', 0)}`);
      console.log(`    raw COPY, same file         ${formatSpread(r.copyRowsPerSecond, 'rows/s', 0)}`);
      console.log(`    ratio import / COPY         ${formatSpread(r.ratio, '', 2)}   (goal ≥ ${GOAL_RATIO})`);
      console.log(
        `    import peak RSS             ${formatSpread(r.importPeak.rssMb, 'MB')} (+${round(r.importPeak.rssAboveStartMb.median)} MB over the start)`,
      );
      console.log(
        `    import peak heap            ${formatSpread(r.importPeak.heapUsedMb, 'MB')} (+${round(r.importPeak.heapAboveStartMb.median)} MB over the start)`,
      );
      console.log(`    import live heap (gc'd)     ${r.liveHeap.peakMb} MB (+${r.liveHeap.aboveStartMb} MB over the start)`);
    }
    mkdirSync('bench/results', { recursive: true });
    const out = join('bench/results', `import-${report.date.slice(0, 10)}.json`);
    writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
    console.log(`\nwritten to ${out}`);
  } finally {
    await copyClient.end();
    await dataSource.destroy();
    rmSync(workDir, { recursive: true, force: true });
    await dropDatabase(serverUrl, databaseName);
  }
}

/** `rows` valid, distinct devices; every third a phone with an IMEI whose Luhn digit is right. */
async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${COLUMNS}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const serial = `BENCH-${String(i).padStart(7, '0')}`;
    const phone = i % 3 === 0;
    const imei = phone ? withLuhn(`35${String(i).padStart(12, '0')}`) : '';
    chunk += `${phone ? 'phone' : 'laptop'},${phone ? 'Samsung Galaxy A55' : 'Lenovo ThinkPad T14 Gen 5'},${serial},INV-${i},${imei},BE-2026-${i % 500},Systemhaus Nord GmbH,2026-11-02,2029-11-01\n`;
    if (chunk.length > 64_000) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

function withLuhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

async function emptyTables(dataSource: DataSource): Promise<void> {
  await dataSource.query(`TRUNCATE devices.device CASCADE`);
  await dataSource.query(`TRUNCATE public.device_copy`);
  await dataSource.query(`VACUUM ANALYZE devices.device`);
  await dataSource.query(`VACUUM ANALYZE public.device_copy`);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const mb = (bytes: number) => bytes / 1_048_576;

/** Seconds, and the process's memory before (after a full gc) and at its highest while `work` ran. */
async function measured(work: () => Promise<void>): Promise<{ seconds: number; start: Memory; peak: Memory }> {
  global.gc!();
  const sample = (): Memory => {
    const usage = process.memoryUsage();
    return { rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed) };
  };
  const start = sample();
  const peak = { ...start };
  const sampler = setInterval(() => {
    const now = sample();
    peak.rssMb = Math.max(peak.rssMb, now.rssMb);
    peak.heapUsedMb = Math.max(peak.heapUsedMb, now.heapUsedMb);
  }, 10);
  try {
    const seconds = await timed(work);
    const last = sample();
    return { seconds, start, peak: { rssMb: Math.max(peak.rssMb, last.rssMb), heapUsedMb: Math.max(peak.heapUsedMb, last.heapUsedMb) } };
  } finally {
    clearInterval(sampler);
  }
}

/** The copy-in messages pg's `Connection` sends (public methods its types leave out). */
interface CopyInConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
}

/** The heap after a full gc at every batch the import finished: what it holds, not what it has not yet freed. */
async function liveHeap(handler: ImportDevicesHandler, file: string): Promise<{ startMb: number; peakMb: number }> {
  global.gc!();
  const startMb = mb(process.memoryUsage().heapUsed);
  let peakMb = startMb;
  await handler.execute(TENANT, 'bench', createReadStream(file), () => {
    global.gc!();
    peakMb = Math.max(peakMb, mb(process.memoryUsage().heapUsed));
  });
  return { startMb, peakMb };
}

/**
 * `COPY … FROM STDIN` on a pg `Client`: pg hands the copy-in response to the active query, which
 * streams the file as CopyData messages and ends with CopyDone. Resolves to the `COPY n` count.
 */
class CopyFromStdin {
  private rowCount = 0;
  private error: Error | undefined;
  private resolve!: (value: { rowCount: number }) => void;
  private reject!: (error: Error) => void;
  readonly done = new Promise<{ rowCount: number }>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  // pg's Client.query(submittable) returns the submittable; awaiting it waits for `done`.
  then<T>(onFulfilled: (value: { rowCount: number }) => T, onRejected?: (error: Error) => T): Promise<T> {
    return this.done.then(onFulfilled, onRejected);
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection): void {
    void this.stream(connection as unknown as CopyInConnection);
  }

  private async stream(connection: CopyInConnection): Promise<void> {
    const socket = connection.stream;
    try {
      for await (const chunk of createReadStream(this.file, { highWaterMark: 256 * 1024 })) {
        connection.sendCopyFromChunk(chunk as Buffer);
        if (socket.writableNeedDrain) await once(socket, 'drain');
      }
      connection.endCopyFrom();
    } catch (error) {
      connection.sendCopyFail(error instanceof Error ? error.message : String(error));
    }
  }

  handleCommandComplete(message: { text: string }): void {
    this.rowCount = Number(/^COPY (\d+)/.exec(message.text)?.[1] ?? 0);
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    if (this.error) this.reject(this.error);
    else this.resolve({ rowCount: this.rowCount });
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
