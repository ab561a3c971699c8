import type { NextFunction, Request, Response } from 'express';
import type { ReadinessRegistry } from '../health/readiness';

/**
 * While the process drains, every answer says `Connection: close`: a client then opens its next
 * request elsewhere instead of sending it down a keep-alive connection we are about to close.
 */
export function drainingMiddleware(readiness: ReadinessRegistry) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    if (readiness.isDraining) response.setHeader('connection', 'close');
    next();
  };
}
