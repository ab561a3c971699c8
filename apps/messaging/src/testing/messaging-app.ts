import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventingModule } from '@amtsweg/eventing';
import { configureHttpApp, EMBEDDED_POSTGRES, type EmbeddedPostgres, HealthModule, installProblemFallback, loadConfig, PlatformModule } from '@amtsweg/platform';
import { MessagingModule } from '../messaging.module';
import { connectMessagingConsumer } from '../messaging.transport';

/**
 * Messaging as its process serves it, on a test's own PGlite: HTTP, the mail dispatcher and —
 * with `consume` — its event consumer on the in-process bus.
 */
export async function startMessagingApp(embedded: EmbeddedPostgres, env: NodeJS.ProcessEnv = {}, options: { consume?: boolean } = {}): Promise<INestApplication> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-messaging-')), ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [PlatformModule.forRoot(config), HealthModule, ...(options.consume ? [EventingModule.forRoot({})] : []), MessagingModule],
  })
    .overrideProvider(EMBEDDED_POSTGRES)
    .useValue(embedded)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  configureHttpApp(app, config);
  if (options.consume) connectMessagingConsumer(app, { attempts: 2, baseDelayMs: 5 });
  await app.init();
  if (options.consume) await app.startAllMicroservices();
  installProblemFallback(app);
  return app;
}
