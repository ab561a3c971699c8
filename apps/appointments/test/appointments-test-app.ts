import { EventingModule } from '@amtsweg/eventing';
import {
  configureHttpApp,
  DEV_KEY_ALGORITHM,
  DEVELOPMENT_SEAL_KEY,
  MessagingSeal,
  type SealedBox,
  DevSigningKey,
  EMBEDDED_POSTGRES,
  EmbeddedPostgresOnDemand,
  HealthModule,
  installProblemFallback,
  loadConfig,
  PlatformModule,
  type EmbeddedPostgres,
  type PlatformConfig,
  type Role,
} from '@amtsweg/platform';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SignJWT } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../src/appointments.database';
import { AppointmentsModule } from '../src/appointments.module';
import { AppointmentsConfig, loadAppointmentsConfig } from '../src/appointments.config';
import { seedDemoData } from '../src/seed/seed-demo-data';
import { Clock } from '../src/time/clock';

/** "Now" for the tests: Monday 30 November 2026, 08:00 in Berlin — a day with no holiday near. */
export const TEST_NOW = new Date('2026-11-30T08:00:00+01:00');

export class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
}

export interface AppointmentsTestApp {
  app: INestApplication;
  config: PlatformConfig;
  dataSource: DataSource;
  clock: FixedClock;
  /** A bearer token from the development issuer, as the gateway would sign it. */
  token(claims: { tenant: string; roles: Role[]; sub?: string; expiresIn?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The appointments module as a process runs it: platform, eventing (in-process bus) and the HTTP
 * conventions, on the given embedded database (or, without one, the PostgreSQL that
 * `DATABASE_URL`/`APPOINTMENTS_DATABASE_URL` name), seeded with the demo data, on a fixed clock.
 */
export async function startAppointmentsTestApp(
  options: { embedded?: EmbeddedPostgres; listen?: boolean; env?: Record<string, string> } = {},
): Promise<AppointmentsTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-appointments-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ...(options.embedded ? {} : { DATABASE_URL: process.env.DATABASE_URL }),
    ...options.env,
  });
  const clock = new FixedClock(TEST_NOW);
  let builder = Test.createTestingModule({
    imports: [PlatformModule.forRoot(config), HealthModule, EventingModule.forRoot({}), AppointmentsModule],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    // No background rounds: tests run them (FairBookingScheduler.runRound) when the clock says so.
    .overrideProvider(AppointmentsConfig)
    .useValue(loadAppointmentsConfig({ APPOINTMENTS_SCHEDULER_INTERVAL_MS: '0' }));
  if (options.embedded) builder = builder.overrideProvider(EMBEDDED_POSTGRES).useValue(EmbeddedPostgresOnDemand.of(options.embedded));
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  configureHttpApp(app, config);
  await app.init();
  installProblemFallback(app);
  if (options.listen) await app.listen(0, '127.0.0.1');
  const dataSource = app.get<DataSource>(APPOINTMENTS_DATA_SOURCE);
  await seedDemoData(dataSource, { today: '2026-11-30' });
  const key = await DevSigningKey.loadOrCreate(dataDir);

  return {
    app,
    config,
    dataSource,
    clock,
    async token({ tenant, roles, sub = 'test-user', expiresIn = '10m' }) {
      return new SignJWT({ tenant, roles })
        .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: key.privateJwk.kid })
        .setIssuer(config.issuer)
        .setAudience(config.OIDC_AUDIENCE)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(await key.signingKey());
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The contact a v2 booking event carries sealed, opened as messaging opens it: with the key the test
 * app seals with (the development key; EVENT_SEAL_KEYS is unset), bound to the event's tenant and subject.
 */
export function sealedContact(event: { tenantid: string; subject: string; data: Record<string, unknown> }): {
  email: string;
  manageUrl?: string;
} {
  return new MessagingSeal([DEVELOPMENT_SEAL_KEY]).open(event.data.contact as SealedBox, {
    tenant: event.tenantid,
    subject: event.subject,
  }) as {
    email: string;
    manageUrl?: string;
  };
}

/** The events appointments wrote to its outbox, oldest first. */
export async function outboxEvents(
  dataSource: DataSource,
): Promise<Array<{ type: string; subject: string; tenantid: string; data: Record<string, unknown>; raw: string }>> {
  const rows = (await dataSource.query('SELECT envelope FROM appointments.outbox_event ORDER BY position')) as Array<{ envelope: unknown }>;
  return rows.map(({ envelope }) => {
    const event = (typeof envelope === 'string' ? JSON.parse(envelope) : envelope) as {
      type: string;
      subject: string;
      tenantid: string;
      data: Record<string, unknown>;
    };
    return { ...event, raw: JSON.stringify(event) };
  });
}
