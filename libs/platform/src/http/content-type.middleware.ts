import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './problem';

const ACCEPTED = [/^application\/(.+\+)?json$/, /^multipart\/form-data$/, /^text\/csv$/, /^application\/ocsp-request$/];

/**
 * A body in a type no route reads would otherwise arrive as `{}` and be judged "missing fields":
 * answer 415 instead, which says what is actually wrong.
 */
export function contentTypeMiddleware(request: Request, _response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || ['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(request.method)) return next();
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (ACCEPTED.some((pattern) => pattern.test(type))) return next();
  next(
    new DomainError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', `Content-Type "${type || 'none'}" is not accepted here; send application/json.`),
  );
}
