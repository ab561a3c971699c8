import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { RequestHandler } from 'express';
import type { DestinationStream } from 'pino';
import { PlatformConfig, loadConfig, ConfigurationError } from '../config/platform-config';
import { refuseUnintendedEmbedded } from '../config/production-guard';
import { HealthModule } from '../health/health.module';
import { configureHttpApp } from '../http/configure-http-app';
import { createPino, PinoLogger } from '../logging/pino-logger';
import type { EmbeddedPostgresOnDemand } from '../database/embedded-postgres-on-demand';
import { EMBEDDED_POSTGRES, PlatformModule } from '../platform.module';
import { shutDownGracefullyOnSignals } from '../shutdown/graceful-shutdown';

/** One runnable process: a single service, or the gateway with all of them (the embedded default). */
export interface ServiceProcess {
  title: string;
  /** The services whose data and events this process holds (in production each needs its PostgreSQL, and Kafka). */
  services?: string[];
  modules(config: PlatformConfig): Array<Type | DynamicModule>;
  /** Express handlers in front of body parsing and Nest's router (the gateway's forwarding). */
  edge?(config: PlatformConfig): RequestHandler[];
  /** After the app exists, before it listens: connect event consumers, register extra routes. */
  prepare?(app: INestApplication, config: PlatformConfig): Promise<void> | void;
  /**
   * Tests: events as another service publishes them, put on this process's bus; resolves once this
   * process's consumers have taken them (or after a bounded wait when none of them reads the topic).
   */
  deliver?(app: INestApplication, events: ForeignEvent[]): Promise<void>;
}

/** An event of another service, for `ServiceProcess.deliver`: `data` must meet the contract of `type`. */
export interface ForeignEvent {
  type: string;
  topic: string;
  source: string;
  subject: string;
  tenant: string;
  data: object;
}

@Module({})
class ProcessRootModule {}

/** pino JSON lines at LOG_LEVEL; tests keep their output for failures: warnings and errors only. */
export function loggerFor(config: PlatformConfig, destination?: DestinationStream): PinoLogger {
  return new PinoLogger(createPino(config.NODE_ENV === 'test' ? 'warn' : config.LOG_LEVEL, destination));
}

/**
 * Builds the app with the platform conventions applied, consumers connected, not yet started.
 * Then `startServiceApp` (tests) or `runServiceProcess` (main.ts).
 */
export async function createServiceApp(
  process: ServiceProcess,
  config: PlatformConfig,
  logger: PinoLogger = loggerFor(config),
): Promise<INestApplication> {
  const root: DynamicModule = {
    module: ProcessRootModule,
    imports: [PlatformModule.forRoot(config), HealthModule, ...process.modules(config)],
  };
  const app = await NestFactory.create(root, { bodyParser: false, logger, abortOnError: false });
  configureHttpApp(app, config, process.edge?.(config));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(process.title)
      .setDescription(
        'amtsweg — appointments, signatures, messaging and device rollout for municipalities. Errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1')
      .addBearerAuth()
      // The SCIM routes take a tenant's SCIM token, not a person's JWT (apps/messaging/src/scim).
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A SCIM token of the tenant (POST …/scim-tokens)' }, 'scim')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await process.prepare?.(app, config);
  return app;
}

/** Initialises the app (relays and dispatchers start) and starts consuming events. */
export async function startServiceApp(app: INestApplication): Promise<INestApplication> {
  await app.init();
  await app.startAllMicroservices();
  return app;
}

/**
 * Entry point of every `main.ts`: validated config, the app, listen on PORT, graceful exit on SIGTERM.
 * A process that reads settings of its own while it is composed (the gateway) is passed as a
 * function, so that a bad one stops the start the same way.
 */
export async function runServiceProcess(serviceProcess: ServiceProcess | (() => ServiceProcess)): Promise<INestApplication> {
  try {
    const config = loadConfig();
    const process_ = typeof serviceProcess === 'function' ? serviceProcess() : serviceProcess;
    refuseUnintendedEmbedded(config, process_.services ?? []);
    const logger = loggerFor(config);
    logCrashesAsFatal(logger);
    const app = await startServiceApp(await createServiceApp(process_, config, logger));
    await app.listen(config.PORT, config.HOST);
    shutDownGracefullyOnSignals(app, logger, config.SHUTDOWN_DELAY_MS);
    logger.log(
      `${process_.title} listening on ${config.publicUrl} (database: ${app.get<EmbeddedPostgresOnDemand>(EMBEDDED_POSTGRES).isOpened ? 'embedded PGlite' : 'PostgreSQL'}, events: ${config.KAFKA_BROKERS ? 'Kafka' : 'in-process bus'}${config.usesDevSealKey ? ', sealed with the development key' : ''})`,
      'Bootstrap',
    );
    return app;
  } catch (error) {
    // A configuration mistake is one clear line, not a stack trace (services validate their own settings too).
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** A crash (or a failed start) is one fatal JSON line like every other, then exit 1 for the orchestrator to restart. */
function logCrashesAsFatal(logger: PinoLogger): void {
  const crash = (error: unknown) => {
    logger.fatal(error instanceof Error ? error : new Error(String(error)), 'Process');
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

/**
 * A service as a building block of a process: its root module, and how its event consumer (if
 * it consumes) is attached. The same unit runs alone (`npm run start:<service>`) or beside the
 * others in the gateway's all-in-one process.
 */
export interface ServiceUnit {
  name: string;
  module: Type | DynamicModule;
  /** Holds no data and handles no events of its own (the gateway): needs no database or broker. */
  stateless?: true;
  /** Before the app starts: connect the event consumer, seed demo data. */
  attach?(app: INestApplication, config: PlatformConfig): Promise<void> | void;
}
