import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { ServiceProcess } from '../bootstrap/service-process';
import { Clock } from '../clock/clock';
import { loadConfig, PlatformConfig } from '../config/platform-config';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { EmbeddedPostgresOnDemand } from '../database/embedded-postgres-on-demand';
import { dataSourceToken } from '../database/service-database.module';
import { HealthModule } from '../health/health.module';
import { configureHttpApp } from '../http/configure-http-app';
import type { Role } from '../identity/principal';
import { createPino, PinoLogger } from '../logging/pino-logger';
import { EMBEDDED_POSTGRES, PlatformModule } from '../platform.module';
import { announceDemoTenants } from './demo-tenants';
import { knowDemoPeople } from './demo-people';
import { TestClock } from './test-clock';
import { demoUserId, demoUserToken, signTestToken, type TestTokenClaims } from './test-tokens';

/**
 * Where the service's data lives in a test:
 * - `'isolated'` (default): a fresh in-memory PGlite of the app's own, closed with it;
 * - `'data-dir'`: the platform's PGlite under DATA_DIR, as a process keeps it — a second app on the
 *   same folder is a restart;
 * - an `EmbeddedPostgres` the test holds (several apps on one database, or one that outlives them);
 * - `{ url }`: a database of the service's own on a real PostgreSQL server.
 */
export type TestDatabaseChoice = 'isolated' | 'data-dir' | EmbeddedPostgres | { url: string };

export interface ServiceTestAppOptions {
  database?: TestDatabaseChoice;
  /** Platform settings (KAFKA_BROKERS, TRUST_PROXY, …) beyond `NODE_ENV=test` and DATA_DIR. */
  env?: NodeJS.ProcessEnv;
  /** The data folder (development signing key, `'data-dir'` database); default a fresh one, removed on close. */
  dataDir?: string;
  /** Default: running with real time, movable by the test. */
  clock?: TestClock;
  /** Providers to replace, e.g. the service's own config or an event bus shared with other apps. */
  overrides?: Array<{ provide: unknown; useValue: unknown }>;
  /** Listen on 127.0.0.1 (for clients other than supertest): on a free port, or on this one (when `PUBLIC_URL` must name it). */
  listen?: boolean | { port: number };
}

export interface ServiceTestApp {
  app: INestApplication;
  config: PlatformConfig;
  /** The service's own DataSource. */
  dataSource: DataSource;
  clock: TestClock;
  /** A request to the app, e.g. `t.http().get('/health/ready')`. */
  http(): ReturnType<typeof request>;
  /** A demo user's token (`roles` replaces theirs), or one with exactly these claims. */
  token(email: string, overrides?: { roles?: Role[] }): Promise<string>;
  token(claims: TestTokenClaims): Promise<string>;
  /** `Bearer …` with a demo user's token, for the Authorization header. */
  bearer(email: string, overrides?: { roles?: Role[] }): Promise<string>;
  userId(email: string): string;
  close(): Promise<void>;
}

/**
 * A service's process as a test runs it: the same modules, HTTP conventions, consumers and
 * rounds as `createServiceApp` + `startServiceApp` build in main.ts, but on a Nest testing module
 * (so that providers can be replaced), on the test's database and clock, logging warnings and
 * errors only, without the OpenAPI page.
 */
export async function startServiceTestApp(process_: ServiceProcess, options: ServiceTestAppOptions = {}): Promise<ServiceTestApp> {
  const service = onlyService(process_);
  const cleanups: Array<() => Promise<void> | void> = [];
  // Last acquired, first released: the app, then its database, then its folder.
  const cleanUp = async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup();
  };
  try {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `amtsweg-${service}-`));
    if (!options.dataDir) cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...options.env });
    const clock = options.clock ?? TestClock.running();
    const database = options.database ?? 'isolated';

    let builder = Test.createTestingModule({ imports: [PlatformModule.forRoot(config), HealthModule, ...process_.modules(config)] })
      .overrideProvider(Clock)
      .useValue(clock);
    if (database === 'isolated') {
      const isolated = await EmbeddedPostgres.openIsolated();
      cleanups.push(() => isolated.close());
      builder = builder.overrideProvider(EMBEDDED_POSTGRES).useValue(EmbeddedPostgresOnDemand.of(isolated));
    } else if (database instanceof EmbeddedPostgres) {
      builder = builder.overrideProvider(EMBEDDED_POSTGRES).useValue(EmbeddedPostgresOnDemand.of(database));
    }
    for (const { provide, useValue } of options.overrides ?? []) builder = builder.overrideProvider(provide).useValue(useValue);
    const serverDatabaseUrl = typeof database === 'object' && !(database instanceof EmbeddedPostgres) ? database.url : undefined;
    const moduleRef = await withServiceDatabaseUrl(service, serverDatabaseUrl, () => builder.compile());

    const app = moduleRef.createNestApplication({ bodyParser: false, logger: new PinoLogger(createPino('warn')) });
    cleanups.push(() => app.close());
    configureHttpApp(app, config, process_.edge?.(config));
    await process_.prepare?.(app, config);
    await app.init();
    await app.startAllMicroservices();
    await announceDemoTenants(app);
    await knowDemoPeople(process_, app);
    if (options.listen) await app.listen(options.listen === true ? 0 : options.listen.port, '127.0.0.1');

    const token = (who: string | TestTokenClaims, overrides?: { roles?: Role[] }) =>
      typeof who === 'string' ? demoUserToken(config, who, overrides) : signTestToken(config, who);
    return {
      app,
      config,
      dataSource: app.get<DataSource>(dataSourceToken(service)),
      clock,
      http: () => request(app.getHttpServer()),
      token,
      bearer: async (email, overrides) => `Bearer ${await demoUserToken(config, email, overrides)}`,
      userId: demoUserId,
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function onlyService(process_: ServiceProcess): string {
  const [service, ...more] = process_.services ?? [];
  if (!service || more.length > 0)
    throw new Error(`a service test app runs one service; "${process_.title}" holds ${process_.services?.length ?? 0}`);
  return service;
}

/**
 * ServiceDatabaseModule reads `<SERVICE>_DATABASE_URL` from the environment while the module is
 * compiled (the DataSource opens then); it is set for that moment only, so that apps of one test
 * file on different databases do not see each other's.
 */
async function withServiceDatabaseUrl<T>(service: string, url: string | undefined, compile: () => Promise<T>): Promise<T> {
  if (!url) return compile();
  const name = `${service.toUpperCase()}_DATABASE_URL`;
  const previous = process.env[name];
  process.env[name] = url;
  try {
    return await compile();
  } finally {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  }
}
