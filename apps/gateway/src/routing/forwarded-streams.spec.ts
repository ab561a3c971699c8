import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp, loadConfig, shutDown, startServiceApp } from '@amtsweg/platform';
import { SseClient } from '@amtsweg/platform/testing';
import { gatewayProcess } from '../gateway.process';

const DELAY_MS = 300;

describe('SIGTERM on a gateway forwarding live streams', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-gw-streams-'));
  const upstreamStreams: ServerResponse[] = [];
  let upstream: Server;
  let gateway: INestApplication;

  beforeAll(async () => {
    // Messaging "elsewhere": a stream that never ends by itself.
    upstream = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': connected\n\n');
      upstreamStreams.push(response);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      MESSAGING_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      APPOINTMENTS_URL: 'http://127.0.0.1:9',
      SIGNATURES_URL: 'http://127.0.0.1:9',
      DEVICES_URL: 'http://127.0.0.1:9',
    };
    gateway = await startServiceApp(await createServiceApp(gatewayProcess(env), loadConfig(env)));
    await gateway.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    for (const response of upstreamStreams) response.destroy();
    await new Promise((resolve) => upstream.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends the forwarded streams when its listener closes instead of holding them to the cut-off', async () => {
    const url = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}/api/v1/tenants/demo/stream`;
    const streams = await Promise.all([1, 2, 3].map(() => SseClient.open(url)));
    const sent = Date.now();
    const ended = Promise.all(streams.map((stream) => stream.ended.then(() => Date.now() - sent)));
    await shutDown(gateway, DELAY_MS);
    const shutdownMs = Date.now() - sent;

    for (const ms of await ended) expect(ms).toBeLessThan(DELAY_MS + 1_000);
    expect(shutdownMs).toBeLessThan(DELAY_MS + 2_000);
  }, 30_000);
});
