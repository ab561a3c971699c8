import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { ReadinessRegistry } from '../health/readiness';
import { errorSummary } from '../logging/error-summary';
import { ShutdownDrain } from './shutdown-drain';

/** Kubernetes' default grace period is 30 s; we promise 10 s, leaving room for a slow broker. */
export const SHUTDOWN_LIMIT_MS = 10_000;
/** Requests still running this long after SIGTERM lose their connection, so the rest can finish in time. */
const HTTP_DRAIN_MS = 6_000;
const IDLE_SWEEP_MS = 250;

/**
 * On SIGTERM (and SIGINT): report unready (for SHUTDOWN_DELAY_MS), end event streams, stop accepting connections and let running requests
 * finish, stop consuming events and finish the handlers in hand, then close the app — which flushes
 * the outbox relay, closes the bus and the databases — and exit. Past SHUTDOWN_LIMIT_MS: exit 1.
 */
export function shutDownGracefullyOnSignals(app: INestApplication, logger: LoggerService, delayMs = 0): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.log(`${signal}: shutting down`, 'Shutdown');
    const limit = setTimeout(() => {
      logger.error(`still not down ${SHUTDOWN_LIMIT_MS} ms after ${signal}; exiting`, 'Shutdown');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    const startedAt = Date.now();
    shutDown(app, delayMs, (step) => logger.log(`${step} after ${Date.now() - startedAt} ms`, 'Shutdown')).then(
      () => {
        logger.log(`down in ${Date.now() - startedAt} ms`, 'Shutdown');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${errorSummary(error)}`, 'Shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

export async function shutDown(app: INestApplication, delayMs = 0, progress: (step: string) => void = () => undefined): Promise<void> {
  app.get(ReadinessRegistry, { strict: false }).startDraining();
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const drain = app.get(ShutdownDrain, { strict: false });
  drain.endStreams();
  await closeHttpServer(app.getHttpServer() as Server);
  progress('HTTP server closed');
  await drain.drain();
  progress('event consumers stopped');
  await app.close();
}

/**
 * Resolves when every connection has ended: busy ones after their response (which says
 * `Connection: close`), idle keep-alive ones at the next sweep.
 *
 * Not `http.Server.close()`: it also closes idle connections at once, and a connection accepted a
 * moment ago counts as idle until its request has arrived — that client would see a reset instead
 * of an answer. `net.Server.close()` only stops listening; the first sweep comes IDLE_SWEEP_MS later.
 */
function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const cutOff = setTimeout(() => server.closeAllConnections(), HTTP_DRAIN_MS);
    NetServer.prototype.close.call(server, () => {
      clearInterval(sweep);
      clearTimeout(cutOff);
      resolve();
    });
  });
}
