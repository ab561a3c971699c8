import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import { PlatformConfig } from '../config/platform-config';
import { contentTypeMiddleware } from './content-type.middleware';
import { correlationMiddleware } from './correlation.middleware';
import { ProblemFilter, problemErrorHandler } from './problem.filter';
import { strictValidationPipe } from './validation';

/**
 * The HTTP conventions every service answers by (API-CONVENTIONS.md): correlation ids, strict
 * validation, bounded JSON bodies, problem+json for every error. Create the app with
 * `{ bodyParser: false }` so the body limit and the error path are ours.
 */
export function configureHttpApp(app: INestApplication, config: PlatformConfig, edge: RequestHandler[] = []): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
  express.use(correlationMiddleware);
  // Edge handlers (the gateway's forwarding) see the raw, unparsed request stream.
  for (const handler of edge) express.use(handler);
  express.use(contentTypeMiddleware);
  express.useBodyParser('json', { limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  express.useGlobalPipes(strictValidationPipe());
  express.useGlobalFilters(new ProblemFilter());
  express.enableShutdownHooks();
  installProblemFallback(app);
}

/** Renders what fails in middleware before Nest's router (body parsing, content type) as problem+json. */
export function installProblemFallback(app: INestApplication): void {
  (app as NestExpressApplication).use(problemErrorHandler);
}
