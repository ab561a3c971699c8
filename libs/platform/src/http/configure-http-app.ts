import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import { PlatformConfig } from '../config/platform-config';
import { ReadinessRegistry } from '../health/readiness';
import { Metrics } from '../metrics/metrics';
import { drainingMiddleware } from '../shutdown/draining.middleware';
import { contentTypeMiddleware } from './content-type.middleware';
import { correlationMiddleware } from './correlation.middleware';
import { ProblemFilter, problemErrorHandler } from './problem.filter';
import { requestObservation } from './request-observation.middleware';
import { strictValidationPipe } from './validation';

/**
 * The HTTP conventions every service answers by (API-CONVENTIONS.md): correlation ids and trace
 * context, an access-log line and a latency observation per request, strict validation, bounded
 * JSON bodies, problem+json for every error. Create the app with `{ bodyParser: false }` so the
 * body limit and the error path are ours. Signals are not handled here: `runServiceProcess` owns
 * the shutdown order (see graceful-shutdown.ts).
 */
export function configureHttpApp(app: INestApplication, config: PlatformConfig, edge: RequestHandler[] = []): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.set('trust proxy', config.trustProxy);
  express.use(correlationMiddleware);
  express.use(requestObservation(app.get(Metrics, { strict: false })));
  express.use(drainingMiddleware(app.get(ReadinessRegistry, { strict: false })));
  // Edge handlers (the gateway's forwarding) see the raw, unparsed request stream.
  for (const handler of edge) express.use(handler);
  express.use(contentTypeMiddleware);
  express.useBodyParser('json', { limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  // OCSP requests (RFC 6960 A.1) are DER, a few hundred bytes: read as a Buffer.
  express.useBodyParser('raw', { limit: '16kb', type: 'application/ocsp-request' });
  express.useGlobalPipes(strictValidationPipe());
  express.useGlobalFilters(new ProblemFilter());
  installProblemFallback(app);
}

/** Renders what fails in middleware before Nest's router (body parsing, content type) as problem+json. */
export function installProblemFallback(app: INestApplication): void {
  (app as NestExpressApplication).use(problemErrorHandler);
}
