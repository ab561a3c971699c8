import type { NextFunction, Request, Response } from 'express';
import { runInContext } from '../context/correlation';
import { newId } from '../ids/ids';

const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Every request runs with a correlation id (the caller's, if well-formed) and answers with it. */
export function correlationMiddleware(request: Request, response: Response, next: NextFunction): void {
  const offered = request.headers['x-correlation-id'];
  const correlationId = typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : newId();
  response.setHeader('x-correlation-id', correlationId);
  runInContext({ correlationId }, next);
}
