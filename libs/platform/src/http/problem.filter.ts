import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { currentContext } from '../context/correlation';
import { isConcurrencyConflict, isDatabaseUnavailable, PgError, sqlState } from '../database/postgres-errors';
import { DomainError, titleFor, type FieldProblem, type ProblemDetails } from './problem';

const PROBLEM_TYPE_BASE = 'https://amtsweg.de/problems/';
/** How long a client should wait before trying again while the database is away (a restart or failover takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Errors the body parser raises before any controller runs (body-parser's `type` field). */
const BODY_PARSER_PROBLEMS: Record<string, { status: number; code: string; detail: string }> = {
  'entity.parse.failed': { status: 400, code: 'REQUEST.MALFORMED_JSON', detail: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, code: 'REQUEST.TOO_LARGE', detail: 'The request body is too large.' },
  'encoding.unsupported': { status: 415, code: 'REQUEST.UNSUPPORTED_ENCODING', detail: 'The request body encoding is not supported.' },
  'charset.unsupported': {
    status: 415,
    code: 'REQUEST.UNSUPPORTED_CHARSET',
    detail: 'The request body charset is not supported; use UTF-8.',
  },
  'request.aborted': { status: 400, code: 'REQUEST.ABORTED', detail: 'The request body was not received completely.' },
  'request.size.invalid': { status: 400, code: 'REQUEST.SIZE_MISMATCH', detail: 'The request body does not match its Content-Length.' },
  'stream.encoding.set': { status: 500, code: 'INTERNAL', detail: 'The request could not be read.' },
};

/** Turns every error into `application/problem+json`. Unknown errors are 500 and logged without request data. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<Request>(), http.getResponse<Response>());
  }
}

/** Express error middleware for what fails before Nest's router (body parsing, content type). */
export function problemErrorHandler(error: unknown, request: Request, response: Response, _next: NextFunction): void {
  sendProblem(error, request, response);
}

const logger = new Logger('Problem');

export function sendProblem(error: unknown, request: Request, response: Response): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const known = databaseUnavailable(error, request) ?? error;
  const problem = toProblem(known, request);
  if (known instanceof DomainError && known.headers) {
    for (const [name, value] of Object.entries(known.headers)) response.setHeader(name, value);
  }
  if (SCIM_PATH.test(request.originalUrl ?? request.url)) {
    response
      .status(problem.status)
      .type('application/scim+json')
      .send(JSON.stringify(scimError(problem)));
    return;
  }
  response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** SCIM clients (Entra ID and others) read only RFC 7644's error shape, so everything under a SCIM base URL answers in it. */
const SCIM_PATH = /^\/api\/v1\/tenants\/[^/]+\/scim\/v2(\/|\?|$)/;
const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
/** For problems no SCIM use case raised (an unreadable body): RFC 7644 §3.12's closest `scimType`. */
const SCIM_TYPES: Record<string, string> = { 'REQUEST.MALFORMED_JSON': 'invalidSyntax', 'REQUEST.INVALID': 'invalidValue' };

/** RFC 7644 §3.12: `status` is a string; `scimType` (a DomainError extension, else by code) only where the RFC has one. */
function scimError(problem: ProblemDetails): Record<string, unknown> {
  const scimType = typeof problem.scimType === 'string' ? problem.scimType : SCIM_TYPES[problem.code];
  return { schemas: [SCIM_ERROR_SCHEMA], status: String(problem.status), ...(scimType ? { scimType } : {}), detail: problem.detail };
}

export function toProblem(error: unknown, request: Request): ProblemDetails {
  const correlationId = currentContext()?.correlationId ?? (response(request)?.getHeader('x-correlation-id') as string | undefined);
  const make = (
    status: number,
    code: string,
    detail: string,
    errors?: FieldProblem[],
    extensions?: Record<string, unknown>,
  ): ProblemDetails => ({
    // First, so that no extension can overwrite a standard member.
    ...extensions,
    type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: titleFor(status),
    status,
    detail,
    code,
    ...(correlationId ? { correlationId } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  });

  if (error instanceof DomainError) return make(error.status, error.code, error.message, error.errors, error.extensions);

  const parserType = (error as { type?: unknown } | null)?.type;
  if (typeof parserType === 'string' && BODY_PARSER_PROBLEMS[parserType]) {
    const known = BODY_PARSER_PROBLEMS[parserType];
    return make(known.status, known.code, known.detail);
  }

  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return make(404, 'HTTP.NOT_FOUND', 'No such resource.');
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : (describeHttpBody(body) ?? error.message);
    return make(status, `HTTP.${status}`, detail);
  }

  // A race the database settled: the loser is told to retry, never handed a 500.
  const state = sqlState(error);
  if (isConcurrencyConflict(error) || state === PgError.uniqueViolation || state === PgError.exclusionViolation) {
    return make(409, 'CONFLICT.CONCURRENT_CHANGE', 'The resource was changed at the same moment by another request; please try again.');
  }

  // Database messages can quote row values (personal data): log the SQLSTATE, not the message.
  const what = state ? `database error ${state}` : `${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`;
  logger.error(
    `unhandled ${what} on ${request.method} ${request.route?.path ?? 'unknown route'}`,
    state ? undefined : (error as Error)?.stack,
  );
  return make(500, 'INTERNAL', 'Something went wrong on our side. The error has been logged.');
}

/**
 * A database that is down or restarting is no bug of ours and no fault of the caller: 503 with
 * Retry-After, so clients and load balancers come back, instead of a 500 that reads as a defect.
 * (A commit whose acknowledgement was lost on the way may still have happened; the caller learns
 * that from the booking's mail or by looking, never from a 2xx we did not see committed.)
 */
function databaseUnavailable(error: unknown, request: Request): DomainError | undefined {
  if (error instanceof DomainError || !isDatabaseUnavailable(error)) return undefined;
  const state = sqlState(error);
  const cause = state ? `database error ${state}` : 'connection lost';
  logger.warn(`database unavailable (${cause}) on ${request.method} ${request.route?.path ?? 'unknown route'}`);
  const detail = 'The service cannot reach its database right now; please try again shortly.';
  return new DomainError(503, 'SERVICE.DATABASE_UNAVAILABLE', detail, undefined, { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) });
}

function response(request: Request): Response | undefined {
  return request.res;
}

function describeHttpBody(body: object): string | undefined {
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}
