import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { currentContext, runInContext } from '../context/correlation';
import type { Metrics } from '../metrics/metrics';

/** Probes and scrapes every few seconds would drown the access log: they go to debug. */
const QUIET_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/** Set by an edge handler that answers a request itself (the gateway's forwarding): its route label. */
export const ROUTE_LABEL = 'amtswegRoute';

const logger = new Logger('HTTP');

/**
 * One access-log line and one latency observation per request: method, route template (never the
 * path or query, which can carry personal data), status and duration. No bodies, no headers.
 */
export function requestObservation(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const context = currentContext();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplate(request, response);
      const status = response.statusCode;
      metrics.httpRequestDuration.observe({ method: request.method, route, status: String(status) }, seconds);
      const line = { msg: 'request', method: request.method, route, status, durationMs: Math.round(seconds * 1e4) / 10 };
      const write = () => (QUIET_PATHS.test(request.originalUrl) ? logger.debug(line) : logger.log(line));
      if (context) runInContext(context, write);
      else write();
    });
    next();
  };
}

function routeTemplate(request: Request, response: Response): string {
  const label: unknown = response.locals[ROUTE_LABEL];
  if (typeof label === 'string') return label;
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  // No route matched (404, or refused in middleware): one label, so unknown paths cannot blow up the series.
  return typeof path === 'string' ? path : 'unmatched';
}
