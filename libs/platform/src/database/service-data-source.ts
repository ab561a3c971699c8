import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { EmbeddedPostgres } from './embedded-postgres';
import { pgliteDriver } from './pglite-lease-pool';
import { installPgTypeParsers } from './type-parsers';

/** What a service declares about its own data. Its schema is named after it, in both modes. */
export interface ServiceDatabase {
  service: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** Where the data lives: a PostgreSQL server, or the process's embedded PGlite. */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'embedded'; embedded: EmbeddedPostgres };

/**
 * `DATABASE_URL` names a server; a service uses `amtsweg_<service>` on it unless
 * `<SERVICE>_DATABASE_URL` names a database of its own (API-CONVENTIONS.md, "Runtime").
 */
export function serviceDatabaseUrl(service: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = env[`${service.toUpperCase()}_DATABASE_URL`];
  if (own) return own;
  if (!env.DATABASE_URL) return undefined;
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/amtsweg_${service}`;
  return url.toString();
}

/** Opens, prepares and migrates a service's DataSource. Never `synchronize`: migrations only. */
export async function openServiceDataSource(
  db: ServiceDatabase,
  target: DatabaseTarget,
  options: { runMigrations?: boolean; poolSize?: number } = {},
): Promise<DataSource> {
  const common = {
    type: 'postgres',
    schema: db.service,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
  } as const;
  let dataSource: DataSource;
  if (target.kind === 'postgres') {
    installPgTypeParsers();
    await createDatabaseIfMissing(target.url);
    dataSource = new DataSource({
      ...common,
      url: target.url,
      poolSize: options.poolSize ?? 10,
      applicationName: `amtsweg-${db.service}`,
    } as DataSourceOptions);
  } else {
    dataSource = new DataSource({ ...common, driver: pgliteDriver(target.embedded.session) } as DataSourceOptions);
  }
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${db.service}"`);
  if (options.runMigrations !== false) await migrate(dataSource, db.service, target.kind === 'postgres');
  return dataSource;
}

/** Two instances starting at once must not both migrate: a session advisory lock serialises them. */
async function migrate(dataSource: DataSource, service: string, serverSide: boolean): Promise<void> {
  if (!serverSide) {
    // One embedded session: nobody else can be migrating, and holding a lock runner would starve the migrations.
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`amtsweg-migrations:${service}`]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`amtsweg-migrations:${service}`]).catch(() => undefined);
    await lock.release();
  }
}

/** Creates the service's database on the server if it isn't there (racing starters tolerated). */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`database name "${name}" is not a plain identifier`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        // 42P04 duplicate_database / 23505: another instance created it a moment ago.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
