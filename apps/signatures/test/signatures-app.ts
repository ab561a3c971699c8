import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventingModule, type EventingRootOptions } from '@amtsweg/eventing';
import {
  configureHttpApp,
  dataSourceToken,
  DEMO_USERS,
  DEV_KEY_ALGORITHM,
  DevSigningKey,
  EMBEDDED_POSTGRES,
  EmbeddedPostgresOnDemand,
  EmbeddedPostgres,
  HealthModule,
  loadConfig,
  loggerFor,
  PlatformModule,
  type PlatformConfig,
  type Role,
} from '@amtsweg/platform';
import { SignJWT } from 'jose';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Clock } from '../src/clock';
import { loadSignaturesConfig, SignaturesConfig } from '../src/signatures.config';
import { SignaturesModule } from '../src/signatures.module';
import { connectSignaturesConsumer } from '../src/signatures.transport';

/** A clock the test can move forward (reminders, expiry, TOTP windows). */
export class MovableClock extends Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface SignaturesTestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  config: PlatformConfig;
  clock: MovableClock;
  /** A bearer token of a seeded demo user, as the gateway's development issuer would sign it. */
  token(email: string, overrides?: { roles?: Role[] }): Promise<string>;
  userId(email: string): string;
  close(): Promise<void>;
}

/**
 * The signatures service as a Nest app on the in-process event bus, with the platform's HTTP
 * conventions (like createServiceApp, minus OpenAPI). The database: an isolated in-memory PGlite
 * (default); `storage: 'data-dir'` the platform's own PGlite under DATA_DIR, so that a second app
 * on the same folder is a restart; or `postgres`, a database on a real server (`url`) of the
 * server at `serverUrl`. `eventing`: the bus (default in-process; `kafkaBrokers` for Kafka).
 */
export async function startSignaturesApp(
  options: {
    storage?: 'memory' | 'data-dir';
    dataDir?: string;
    clock?: MovableClock;
    schedulerIntervalMs?: number;
    postgres?: { url: string; serverUrl: string };
    eventing?: EventingRootOptions;
    /** More SIGNATURES_* settings, as the environment would give them. */
    env?: Record<string, string>;
  } = {},
): Promise<SignaturesTestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'amtsweg-signatures-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...(options.postgres ? { DATABASE_URL: options.postgres.serverUrl } : {}) });
  // On PostgreSQL the platform opens no embedded database; ServiceDatabaseModule reads SIGNATURES_DATABASE_URL.
  if (options.postgres) process.env.SIGNATURES_DATABASE_URL = options.postgres.url;
  const isolated = !options.postgres && options.storage !== 'data-dir' ? await EmbeddedPostgres.openIsolated() : undefined;
  const clock = options.clock ?? new MovableClock();
  const signaturesConfig = loadSignaturesConfig(config, {
    SIGNATURES_KEY_ENCRYPTION_KEY: keyFor(dataDir),
    SIGNATURES_SCHEDULER_INTERVAL_MS: String(options.schedulerIntervalMs ?? 3_600_000),
    ...options.env,
  });
  let builder = Test.createTestingModule({ imports: [PlatformModule.forRoot(config), HealthModule, EventingModule.forRoot(options.eventing ?? {}), SignaturesModule] });
  if (isolated) builder = builder.overrideProvider(EMBEDDED_POSTGRES).useValue(EmbeddedPostgresOnDemand.of(isolated));
  const moduleRef = await builder
    .overrideProvider(SignaturesConfig)
    .useValue(signaturesConfig)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: loggerFor(config) });
  configureHttpApp(app, config);
  connectSignaturesConsumer(app);
  await app.init();
  await app.startAllMicroservices();
  const key = await DevSigningKey.loadOrCreate(dataDir);
  const user = (email: string) => {
    const found = DEMO_USERS.find((u) => u.email === email);
    if (!found) throw new Error(`no demo user ${email}`);
    return found;
  };
  return {
    app,
    http: () => request(app.getHttpServer()),
    dataSource: app.get<DataSource>(dataSourceToken('signatures')),
    config,
    clock,
    userId: (email) => user(email).id,
    async token(email, overrides = {}) {
      const demo = user(email);
      return new SignJWT({ tenant: demo.tenant, roles: overrides.roles ?? demo.roles, email: demo.email, name: demo.name })
        .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: key.publicJwk.kid, typ: 'JWT' })
        .setSubject(demo.id)
        .setIssuer(config.issuer)
        .setAudience(config.OIDC_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await key.signingKey());
    },
    async close() {
      // The platform closes the PGlite with the app.
      await app.close();
    },
  };
}

// One key per data folder, so a "restarted" app on the same folder opens what the first sealed.
const keys = new Map<string, string>();
function keyFor(dataDir: string): string {
  let key = keys.get(dataDir);
  if (!key) {
    key = randomBytes(32).toString('base64');
    keys.set(dataDir, key);
  }
  return key;
}

/** The events this service appended to its outbox, oldest first. */
export async function outboxEvents(dataSource: DataSource, subject?: string): Promise<Array<{ type: string; subject: string; tenantid: string; data: Record<string, unknown> }>> {
  const rows = (await dataSource.query(`SELECT envelope FROM signatures.outbox_event ${subject ? 'WHERE key = $1' : ''} ORDER BY position`, subject ? [subject] : [])) as Array<{
    envelope: { type: string; subject: string; tenantid: string; data: Record<string, unknown> };
  }>;
  return rows.map((row) => row.envelope);
}
