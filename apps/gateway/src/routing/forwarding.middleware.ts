import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { currentContext, DomainError, formatTraceparent, ROUTE_LABEL } from '@amtsweg/platform';
import { ForwardedStreams } from './forwarded-streams';
import { serviceFor, type ServiceName } from './service-routes';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);
const UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * The gateway's edge when services run as their own deployments: requests for a service with an
 * upstream URL are streamed there unchanged (body untouched — the service validates it).
 * Requests for services running in this process fall through to Nest's router.
 */
export function forwardingMiddleware(upstreams: Partial<Record<ServiceName, URL>>, streams = new ForwardedStreams()) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const service = serviceFor(request.originalUrl);
    const upstream = service && upstreams[service];
    if (!upstream) return next();
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ');
    headers['x-forwarded-proto'] = request.protocol;
    headers['x-forwarded-host'] = request.headers.host ?? '';
    const context = currentContext();
    if (context) headers['x-correlation-id'] = context.correlationId;
    // The service's span is a child of the gateway's (W3C Trace Context).
    if (context?.trace) headers.traceparent = formatTraceparent(context.trace);
    response.locals[ROUTE_LABEL] = `forward:${service}`;

    const outgoing = httpRequest(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.originalUrl,
        headers,
        timeout: UPSTREAM_TIMEOUT_MS,
      },
      (answer: IncomingMessage) => {
        response.status(answer.statusCode ?? 502);
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) response.setHeader(name, value);
        }
        answer.pipe(response);
        if (String(answer.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          const forget = streams.add(() => {
            answer.unpipe(response);
            response.end();
            outgoing.destroy();
          });
          response.on('close', forget);
        }
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('upstream timeout')));
    outgoing.on('error', () => {
      if (response.headersSent) return response.writableEnded ? undefined : response.destroy();
      next(
        new DomainError(
          503,
          'GATEWAY.UPSTREAM_UNAVAILABLE',
          `The ${service} service is not reachable right now; please try again shortly.`,
          undefined,
          { 'Retry-After': '5' },
        ),
      );
    });
    request.pipe(outgoing);
  };
}
