import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventingModule } from '@amtsweg/eventing';
import {
  configureHttpApp,
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
  Clock,
} from '@amtsweg/platform';
import { TestClock } from '@amtsweg/platform/testing';
import { SignJWT } from 'jose';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../src/devices.database';
import { DevicesModule } from '../src/devices.module';
import { connectDevicesConsumer } from '../src/devices.transport';

export interface DevicesTestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  config: PlatformConfig;
  clock: TestClock;
  /** `Bearer …` of a seeded demo user, as the gateway's development issuer signs it. */
  auth(email: string, overrides?: { roles?: Role[] }): Promise<string>;
  userId(email: string): string;
  close(): Promise<void>;
}

/**
 * The devices service as a Nest app on the in-process bus with the platform's HTTP conventions,
 * on an isolated in-memory PGlite, or on `postgresUrl` (a database of its own on a real server).
 */
export async function startDevicesApp(options: { postgresUrl?: string } = {}): Promise<DevicesTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-devices-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...(options.postgresUrl ? { DATABASE_URL: options.postgresUrl } : {}) });
  if (options.postgresUrl) process.env.DEVICES_DATABASE_URL = options.postgresUrl;
  const clock = TestClock.stoppedAt(new Date());
  let builder = Test.createTestingModule({ imports: [PlatformModule.forRoot(config), HealthModule, EventingModule.forRoot({}), DevicesModule] })
    .overrideProvider(Clock)
    .useValue(clock);
  if (!options.postgresUrl) builder = builder.overrideProvider(EMBEDDED_POSTGRES).useValue(new EmbeddedPostgresOnDemand(() => EmbeddedPostgres.openIsolated()));
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: loggerFor(config) });
  configureHttpApp(app, config);
  connectDevicesConsumer(app);
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
    dataSource: app.get<DataSource>(DEVICES_DATA_SOURCE),
    config,
    clock,
    userId: (email) => user(email).id,
    async auth(email, overrides = {}) {
      const demo = user(email);
      const token = await new SignJWT({ tenant: demo.tenant, roles: overrides.roles ?? demo.roles, email: demo.email, name: demo.name })
        .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: key.publicJwk.kid, typ: 'JWT' })
        .setSubject(demo.id)
        .setIssuer(config.issuer)
        .setAudience(config.OIDC_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await key.signingKey());
      return `Bearer ${token}`;
    },
    async close() {
      await app.close();
      if (options.postgresUrl) delete process.env.DEVICES_DATABASE_URL;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The events devices appended to its outbox, oldest first. */
export async function outboxEvents(dataSource: DataSource): Promise<Array<{ type: string; subject: string; tenantid: string; data: Record<string, unknown> }>> {
  const rows = (await dataSource.query(`SELECT envelope FROM devices.outbox_event ORDER BY position`)) as Array<{ envelope: unknown }>;
  return rows.map((row) => (typeof row.envelope === 'string' ? JSON.parse(row.envelope) : row.envelope) as { type: string; subject: string; tenantid: string; data: Record<string, unknown> });
}
