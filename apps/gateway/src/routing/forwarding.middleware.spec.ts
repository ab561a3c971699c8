import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createServiceApp, loadConfig } from '@amtsweg/platform';
import { forwardingMiddleware } from './forwarding.middleware';
import { serviceFor } from './service-routes';

describe('serviceFor', () => {
  it.each([
    ['/api/v1/tenants/demo/slots?officeId=x', 'appointments'],
    ['/api/v1/tenants/demo/bookings/K7M2-P9QX/calendar.ics', 'appointments'],
    ['/api/v1/tenants/demo/notifications', 'messaging'],
    ['/api/v1/dev/mailbox', 'messaging'],
    ['/api/v1/tenants/demo/signature-requests/1/sign', 'signatures'],
    ['/api/v1/enroll/abc', 'devices'],
    ['/api/v1/dev/token', 'messaging'],
    ['/api/v1/dev/users', undefined],
    ['/.well-known/jwks.json', 'messaging'],
    ['/.well-known/openid-configuration', 'messaging'],
    ['/api/v1/tenants/demo/bookingsX', undefined],
  ])('routes %s to %s', (path, service) => {
    expect(serviceFor(path)).toBe(service);
  });
});

describe('forwarding to a separately deployed service', () => {
  let upstream: Server;
  let app: INestApplication;
  const seen: Array<{ method?: string; url?: string; body: string; headers: Record<string, unknown> }> = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, body, headers: req.headers });
        res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'appointments' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-fw-')),
      DATABASE_URL: 'postgres://unused/none',
    });
    const upstreams = { appointments: new URL(`http://127.0.0.1:${port}`), messaging: new URL('http://127.0.0.1:1') };
    app = await createServiceApp({ title: 'gateway', modules: () => [], edge: () => [forwardingMiddleware(upstreams)] }, config);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('streams method, path, query, body and headers through unchanged', async () => {
    const body = '{"officeId":"x","citizen":{"name":"Erika","email":"erika@example.org"}}';
    const response = await request(app.getHttpServer())
      .post('/api/v1/tenants/demo/bookings?x=1')
      .set('content-type', 'application/json')
      .set('authorization', 'Bearer abc')
      .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
      .send(body)
      .expect(201);
    expect(response.headers['x-upstream']).toBe('appointments');
    expect(response.body).toEqual({ ok: true });
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ method: 'POST', url: '/api/v1/tenants/demo/bookings?x=1', body });
    expect(last.headers).toMatchObject({ authorization: 'Bearer abc', 'x-correlation-id': expect.any(String) });
    // The same trace; the gateway's own span is the service's parent.
    expect(last.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-(?!00f067aa0ba902b7)[0-9a-f]{16}-01$/);
  });

  it('labels forwarded requests by service in the latency histogram, never by path', async () => {
    const { text } = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(text).toMatch(/http_server_request_duration_seconds_count\{method="POST",route="forward:appointments",status="201"\} 1/);
    expect(text).not.toContain('/api/v1/tenants/demo/bookings');
  });

  it('answers 503 problem+json with Retry-After when the service is unreachable', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/dev/mailbox').expect(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body.code).toBe('GATEWAY.UPSTREAM_UNAVAILABLE');
  });

  it('leaves paths of no service to the gateway itself', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });
});
