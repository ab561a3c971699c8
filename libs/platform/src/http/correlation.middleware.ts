import type { NextFunction, Request, Response } from 'express';
import { runInContext } from '../context/correlation';
import { newId } from '../ids/ids';
import { parseTraceparent, startSpan } from '../tracing/trace-context';
import { TENANT_SLUG } from './tenant-slug';

const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{8,64}$/;
const TENANT_PATH = /^\/api\/v1\/tenants\/([^/?]+)/;

/**
 * Every request runs with a correlation id (the caller's, if well-formed) and answers with it, in
 * the caller's W3C trace (`traceparent`) or a new one, and knows its tenant when the path names one.
 */
export function correlationMiddleware(request: Request, response: Response, next: NextFunction): void {
  const offered = request.headers['x-correlation-id'];
  const correlationId = typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : newId();
  response.setHeader('x-correlation-id', correlationId);
  const tenant = TENANT_PATH.exec(request.originalUrl)?.[1];
  const trace = startSpan(parseTraceparent(request.headers.traceparent));
  runInContext({ correlationId, trace, ...(tenant && TENANT_SLUG.test(tenant) ? { tenantId: tenant } : {}) }, next);
}
