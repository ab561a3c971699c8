import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { EXPORT_PART_SERVICES } from '@amtsweg/contracts';
import { Authenticated, currentContext, DomainError, ProblemResponse, TENANT_SLUG, UuidPipe, TenantRoute } from '@amtsweg/platform';
import { Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ServiceName } from '../routing/service-routes';
import { tarEnd, tarHeader, tarPadding } from './tar-entry';

const PART_TIMEOUT_MS = 10 * 60_000;

/** The services this gateway forwards to (GatewayConfig.upstreams); the others run in its process. */
export const GATEWAY_UPSTREAMS = Symbol('GATEWAY_UPSTREAMS');

/**
 * Provider route: the whole off-boarding export as one tar of the four parts (`appointments.json`,
 * `messaging.json`, `signatures.json`, `devices.json`), each fetched from its service with the
 * caller's token. Tar wants each file's size before its bytes, and the services stream theirs without
 * knowing it: each part goes to a temporary file first (never into memory), then the tar is written
 * from the files — which also lets a failing part answer a problem instead of a truncated archive.
 */
@TenantRoute('exports', { tag: 'tenants', notFound: '`TENANT.NOT_FOUND`, `TENANT.EXPORT_NOT_FOUND`' })
export class TenantArchiveHttpController {
  constructor(@Inject(GATEWAY_UPSTREAMS) private readonly upstreams: Partial<Record<ServiceName, URL>>) {}

  @Get(':id/archive')
  @Authenticated('provider-admin')
  @ApiOperation({ summary: 'An off-boarding export as one tar archive of the four JSON parts' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/x-tar')
  @ApiOkResponse({ description: 'ustar archive: appointments.json, messaging.json, signatures.json, devices.json' })
  @ApiForbiddenResponse({ description: 'Not a provider-admin', type: ProblemResponse })
  @ApiBadGatewayResponse({ description: '`TENANT.EXPORT_PART_FAILED`: a service could not deliver its part', type: ProblemResponse })
  async archive(
    @Param('tenant') tenant: string,
    @Param('id', UuidPipe) id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!TENANT_SLUG.test(tenant)) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
    const folder = await mkdtemp(join(tmpdir(), 'amtsweg-export-'));
    try {
      const parts: Array<{ name: string; file: string; size: number }> = [];
      for (const service of EXPORT_PART_SERVICES) {
        const file = join(folder, `${service}.json`);
        await this.fetchPart(request, service, `/api/v1/tenants/${tenant}/exports/${id}/${service}.json`, file);
        parts.push({ name: `${service}.json`, file, size: (await stat(file)).size });
      }
      response.status(200);
      response.setHeader('content-type', 'application/x-tar');
      response.setHeader('content-disposition', `attachment; filename="${tenant}-export-${id}.tar"`);
      response.setHeader('cache-control', 'no-store');
      const now = new Date();
      for (const part of parts) {
        response.write(tarHeader(part.name, part.size, now));
        for await (const chunk of createReadStream(part.file)) {
          if (!response.write(chunk)) await once(response, 'drain');
        }
        response.write(tarPadding(part.size));
      }
      response.end(tarEnd());
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** Streams one service's part into `file`; a refusal of the service is the caller's answer. */
  private fetchPart(request: Request, service: ServiceName, path: string, file: string): Promise<void> {
    // A service in this process answers on this process's own listener.
    const base = this.upstreams[service] ?? new URL(`http://127.0.0.1:${request.socket.localPort}`);
    const headers: Record<string, string> = { authorization: request.headers.authorization ?? '', accept: 'application/json' };
    const correlationId = currentContext()?.correlationId;
    if (correlationId) headers['x-correlation-id'] = correlationId;
    return new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(
        { protocol: base.protocol, hostname: base.hostname, port: base.port, method: 'GET', path, headers, timeout: PART_TIMEOUT_MS },
        (answer: IncomingMessage) => {
          if (answer.statusCode === 200) {
            pipeline(answer, createWriteStream(file)).then(resolve, () => reject(partFailed(service)));
            return;
          }
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.length < 64 && chunks.push(chunk));
          answer.on('end', () => reject(refusal(service, answer.statusCode ?? 502, Buffer.concat(chunks).toString('utf8'))));
          answer.on('error', () => reject(partFailed(service)));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.on('error', () => reject(partFailed(service)));
      outgoing.end();
    });
  }
}

function partFailed(service: ServiceName): DomainError {
  return new DomainError(
    502,
    'TENANT.EXPORT_PART_FAILED',
    `The ${service} service could not deliver its part of the export; please try again.`,
  );
}

/**
 * A 4xx of the service (unknown tenant or export, not a provider-admin) and its 503 (database away,
 * try again) are passed on with their code; anything else is the gateway's 502.
 */
function refusal(service: ServiceName, status: number, body: string): DomainError {
  if (status < 400 || (status >= 500 && status !== 503)) return partFailed(service);
  try {
    const problem = JSON.parse(body) as { code?: unknown; detail?: unknown };
    if (typeof problem.code === 'string' && typeof problem.detail === 'string')
      return new DomainError(status, problem.code, problem.detail);
  } catch {
    // not a problem document: answered as a failed part below
  }
  return partFailed(service);
}
