import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_BUS, EventingModule, type EventBus } from '@amtsweg/eventing';
import {
  configureHttpApp,
  EMBEDDED_POSTGRES,
  EmbeddedPostgresOnDemand,
  type EmbeddedPostgres,
  HealthModule,
  installProblemFallback,
  loadConfig,
  PlatformModule,
} from '@amtsweg/platform';
import { Clock } from '../src/clock';
import { loadMessagingConfig, MessagingConfig } from '../src/messaging.config';
import { MessagingModule } from '../src/messaging.module';
import { connectMessagingConsumer } from '../src/messaging.transport';

export interface MessagingAppOptions {
  /** Also run the event consumer (group `messaging`) on the bus. */
  consume?: boolean;
  /** A bus shared with other apps of the test (the embedded bus stands for a broker all instances reach). */
  bus?: EventBus;
  /** Messaging's own settings (e.g. BOOKING_REMINDER_INTERVAL_MS), instead of the process environment. */
  messagingEnv?: NodeJS.ProcessEnv;
  /** A clock the test moves. */
  clock?: Clock;
}

/**
 * Messaging as its process serves it, on a test's own PGlite (or, with DATABASE_URL-like env, a
 * server): HTTP, the mail dispatcher, the outbox relay, the live fan-out and — with `consume` — its
 * event consumer.
 */
export async function startMessagingApp(
  embedded: EmbeddedPostgres | null,
  env: NodeJS.ProcessEnv = {},
  options: MessagingAppOptions = {},
): Promise<INestApplication> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-messaging-')), ...env });
  let builder = Test.createTestingModule({
    imports: [
      PlatformModule.forRoot(config),
      HealthModule,
      EventingModule.forRoot({ kafkaBrokers: config.kafkaBrokers, topicPrefix: config.KAFKA_TOPIC_PREFIX }),
      MessagingModule,
    ],
  });
  if (embedded) builder = builder.overrideProvider(EMBEDDED_POSTGRES).useValue(EmbeddedPostgresOnDemand.of(embedded));
  if (options.bus) builder = builder.overrideProvider(EVENT_BUS).useValue(options.bus);
  if (options.messagingEnv) builder = builder.overrideProvider(MessagingConfig).useValue(loadMessagingConfig(options.messagingEnv));
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  configureHttpApp(app, config);
  if (options.consume) connectMessagingConsumer(app, { attempts: 2, baseDelayMs: 5 });
  await app.init();
  if (options.consume) await app.startAllMicroservices();
  installProblemFallback(app);
  return app;
}
