import { createReadStream, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { KnownTenantsProjection } from '@amtsweg/eventing';
import {
  EmbeddedPostgres,
  loadConfig,
  openServiceDataSource,
  serviceDatabaseUrl,
  TENANT_SLUG,
  type DatabaseTarget,
  SystemClock,
} from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { devicesDatabase } from '../devices.database';
import { ImportDevicesHandler, type ImportProgress } from '../import/import-devices/import-devices.handler';

const USAGE = 'Aufruf: npm run cli -- devices import <datei.csv> --tenant <mandant> [--actor <benutzer-id>]';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** The devices database; by default the configured one (DATABASE_URL / DEVICES_DATABASE_URL, else the embedded PGlite under DATA_DIR). */
  openDatabase?: () => Promise<{ dataSource: DataSource; close(): Promise<void> }>;
}

/**
 * `devices import <file.csv> --tenant demo`: the same import as `POST /devices/import`, against the
 * configured database, with a progress bar on stderr and the report as JSON on stdout.
 * Exit codes: 0 every row imported or unchanged, 1 some rows failed, 2 wrong call, unknown or suspended tenant, or unreadable file.
 * Without `--actor` the history names the operating system user who ran it.
 */
export async function runDevicesCli(argv: string[], io: CliIo): Promise<number> {
  const [service, command, file, ...rest] = argv;
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i]?.startsWith('--') || rest[i + 1] === undefined) {
      io.stderr.write(`${USAGE}\n`);
      return 2;
    }
    options.set(rest[i].slice(2), rest[i + 1]);
  }
  const tenant = options.get('tenant');
  if (
    service !== 'devices' ||
    command !== 'import' ||
    !file ||
    !tenant ||
    [...options.keys()].some((key) => key !== 'tenant' && key !== 'actor')
  ) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!TENANT_SLUG.test(tenant)) {
    io.stderr.write(`Mandant „${tenant}“ ist kein gültiger Kurzname (a-z, 0-9, -).\n`);
    return 2;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    io.stderr.write(`Die Datei ${file} kann nicht gelesen werden.\n`);
    return 2;
  }

  const database = await (io.openDatabase ?? (() => openConfiguredDatabase(io.env)))();
  try {
    // Only a name typed by an operator here, no token: the tenant must be one devices learnt from
    // appointments' tenant events, and not suspended.
    const known = await new KnownTenantsProjection(database.dataSource, devicesDatabase.service).find(tenant);
    if (!known || known.suspended) {
      io.stderr.write(`Mandant „${tenant}“ ist ${known ? 'gesperrt' : 'nicht bekannt'}; nichts importiert.\n`);
      return 2;
    }
    const handler = new ImportDevicesHandler(database.dataSource, new SystemClock());
    let bytesRead = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of createReadStream(file)) {
        bytesRead += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    const progress = (p: ImportProgress) =>
      io.stderr.write(`${io.stderr.isTTY ? '\r' : ''}${progressLine(bytesRead, size, p)}${io.stderr.isTTY ? '' : '\n'}`);
    const report = await handler.execute(tenant, options.get('actor') ?? operatingSystemUser(), counted(), progress);
    progress({
      rowsRead: report.imported + report.unchanged + report.failedCount,
      imported: report.imported,
      unchanged: report.unchanged,
      failed: report.failedCount,
    });
    if (io.stderr.isTTY) io.stderr.write('\n');
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.failedCount > 0 ? 1 : 0;
  } catch (error) {
    io.stderr.write(`\nImport abgebrochen: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await database.close();
  }
}

/** Who ran the command; a container user without a passwd entry is named by its uid. */
function operatingSystemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? 'unbekannt'}`;
  }
}

const number = new Intl.NumberFormat('de-DE');

/** `[##########----------]  50 % · 50.000 Zeilen · 49.990 importiert · 0 unverändert · 10 fehlerhaft` */
export function progressLine(bytesRead: number, size: number, p: ImportProgress): string {
  const share = size > 0 ? Math.min(1, bytesRead / size) : 1;
  const filled = Math.round(share * 20);
  return `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(Math.round(share * 100)).padStart(3)} % · ${number.format(p.rowsRead)} Zeilen · ${number.format(p.imported)} importiert · ${number.format(p.unchanged)} unverändert · ${number.format(p.failed)} fehlerhaft`;
}

async function openConfiguredDatabase(env: NodeJS.ProcessEnv): Promise<{ dataSource: DataSource; close(): Promise<void> }> {
  const config = loadConfig(env);
  const url = serviceDatabaseUrl(devicesDatabase.service, { ...env, DATABASE_URL: config.DATABASE_URL });
  // The embedded database belongs to one process: stop `npm start` on the same DATA_DIR first.
  const embedded = url ? undefined : await EmbeddedPostgres.open(join(config.DATA_DIR, 'pglite'));
  const target: DatabaseTarget = url ? { kind: 'postgres', url } : { kind: 'embedded', embedded: embedded! };
  const dataSource = await openServiceDataSource(devicesDatabase, target, { poolSize: 2 });
  return {
    dataSource,
    async close() {
      await dataSource.destroy();
      await embedded?.close();
    },
  };
}
