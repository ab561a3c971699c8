import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  DeactivatedPeople,
  DomainError,
  KnownTenants,
  ProblemResponse,
  refuseUnservedTenant,
  TENANT_SLUG,
  TOKEN_VERIFIER,
  type TokenVerifier,
} from '@amtsweg/platform';
import { LiveConnections, type LiveClient, type LiveEventName } from './live-connections';

const HEARTBEAT_MS = 20_000;

export const STREAM_DESCRIPTION = [
  'Server-Sent Events (`text/event-stream`) for the caller: `message.posted`, `message.edited`, `message.deleted`, `message.reacted` (data: the message with its `reactions` as the receiver sees them; a deleted one with `body: null`)',
  'for their conversations, `notification.created` (data: the notification) and `unread` (data: `{ scope: "conversation", conversationId, unreadCount }` or `{ scope: "notifications", unreadCount }`).',
  'Delivered across instances: a message posted on one instance reaches streams open on any other.',
  "Authentication: the bearer token in the `Authorization` header, or — since a browser's EventSource cannot set headers — as `?access_token=`.",
  'A token in a URL can end up in proxy logs: prefer the header where the client can set it, and keep tokens short-lived.',
  'The stream sends a comment every 20 s to keep proxies from closing it; after a reconnect, resync with `GET /conversations` and `GET /notifications`.',
  'A suspended municipality gets 403 `TENANT.SUSPENDED`, and its open streams end when it is suspended.',
].join(' ');

/** The real-time channel: one long-lived response per connected client. */
@ApiTags('messaging')
@Controller('api/v1/tenants/:tenant/stream')
export class LiveStreamHttpController {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly connections: LiveConnections,
    private readonly deactivated: DeactivatedPeople,
    private readonly tenants: KnownTenants,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Real-time events for the caller (Server-Sent Events)', description: STREAM_DESCRIPTION })
  @ApiBearerAuth()
  @ApiParam({ name: 'tenant', example: 'demo' })
  @ApiQuery({ name: 'access_token', required: false, description: 'The bearer token, for clients that cannot set headers (EventSource)' })
  @ApiOkResponse({ description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: '`TENANT.NOT_FOUND`: unknown tenant, or a token of another one', type: ProblemResponse })
  @ApiForbiddenResponse({ description: '`TENANT.SUSPENDED`', type: ProblemResponse })
  @ApiServiceUnavailableResponse({
    description: 'The service cannot reach its database right now (`SERVICE.DATABASE_UNAVAILABLE`); try again after Retry-After seconds',
    type: ProblemResponse,
    headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } },
  })
  async stream(
    @Param('tenant') tenant: string,
    @Query('access_token') accessToken: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // As KnownTenantsGuard on the other routes: unknown 404, suspended 403 `TENANT.SUSPENDED` (a suspension also ends open streams: LiveFanout).
    refuseUnservedTenant(TENANT_SLUG.test(tenant) ? await this.tenants.find(tenant) : undefined, true);
    const header = request.headers.authorization;
    const fromHeader = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header)?.[1] : undefined;
    const token = fromHeader ?? (typeof accessToken === 'string' && accessToken !== '' ? accessToken : undefined);
    if (!token)
      throw new DomainError(401, 'AUTH.MISSING_TOKEN', 'This stream needs a bearer token (header or ?access_token=).', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    const principal = await this.verifier.verify(token);
    if (principal.tenant !== tenant) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such resource.');
    await this.deactivated.assertActive(principal.tenant, principal.userId);

    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write('retry: 3000\n: connected\n\n');

    const client: LiveClient = {
      tenant,
      userId: principal.userId,
      send: (event: LiveEventName, data: unknown) => {
        response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      end: () => response.end(),
    };
    const remove = this.connections.add(client);
    const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    request.on('close', () => {
      clearInterval(heartbeat);
      remove();
    });
  }
}
