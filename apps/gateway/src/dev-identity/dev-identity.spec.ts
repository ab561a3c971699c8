import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createServiceApp, DevSigningKey, loadConfig, TokenVerifier } from '@amtsweg/platform';
import { DevIdentityModule } from './dev-identity.module';

async function gatewayWith(env: Record<string, string>): Promise<INestApplication> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-gw-')),
    DATABASE_URL: 'postgres://unused/none',
    ...env,
  });
  const app = await createServiceApp({ title: 'gateway test', modules: () => [DevIdentityModule] }, config);
  await app.init();
  return app;
}

describe('development identity and the HTTP conventions', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await gatewayWith({});
  });
  afterAll(() => app.close());

  it('issues a verifiable token for a seeded demo user', async () => {
    const response = await request(app.getHttpServer()).post('/api/v1/dev/token').send({ email: 'Clerk@demo.example' }).expect(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    const config = loadConfig({ NODE_ENV: 'test' });
    const jwks = await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200);
    const verifier = TokenVerifier.local(config.issuer, 'amtsweg', jwks.body);
    const principal = await verifier.verify(response.body.access_token);
    expect(principal).toMatchObject({ tenant: 'demo', roles: expect.arrayContaining(['clerk']), email: 'clerk@demo.example' });
  });

  it('lists the demo users the sign-in page offers, without anything secret', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/dev/users').expect(200);
    expect(response.body).toContainEqual({
      email: 'clerk@demo.example',
      name: expect.any(String),
      tenant: 'demo',
      roles: expect.arrayContaining(['clerk']),
    });
    for (const user of response.body) expect(Object.keys(user).sort()).toEqual(['email', 'name', 'roles', 'tenant']);
  });

  it('answers an unknown e-mail with 404 problem+json', async () => {
    const response = await request(app.getHttpServer()).post('/api/v1/dev/token').send({ email: 'nobody@demo.example' }).expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 404,
      code: 'DEV.UNKNOWN_USER',
      detail: expect.any(String),
      correlationId: expect.any(String),
    });
  });

  it.each([
    ['malformed JSON', '{"email":', 'application/json', 400, 'REQUEST.MALFORMED_JSON'],
    ['a wrong content type', 'email=clerk@demo.example', 'text/plain', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['an unknown field', '{"email":"clerk@demo.example","admin":true}', 'application/json', 400, 'REQUEST.INVALID'],
    ['a wrong type', '{"email":42}', 'application/json', 400, 'REQUEST.INVALID'],
    ['a JSON array', '[1,2]', 'application/json', 400, 'REQUEST.INVALID'],
    ['a body over the limit', JSON.stringify({ email: 'a'.repeat(200_000) }), 'application/json', 413, 'REQUEST.TOO_LARGE'],
  ])('answers %s with a problem', async (_what, body, type, status, code) => {
    const response = await request(app.getHttpServer()).post('/api/v1/dev/token').set('content-type', type).send(body);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, code, detail: expect.any(String) });
  });

  it('names the invalid field', async () => {
    const response = await request(app.getHttpServer()).post('/api/v1/dev/token').send({ email: 'not-an-address' }).expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('answers unknown routes with 404 problem+json and echoes a well-formed correlation id', async () => {
    const response = await request(app.getHttpServer())
      .get('/api/v1/nothing-here')
      .set('x-correlation-id', 'test-correlation-1')
      .expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.correlationId).toBe('test-correlation-1');
    expect(response.headers['x-correlation-id']).toBe('test-correlation-1');
  });

  it('serves health and the OpenAPI document', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    const docs = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toContain('/api/v1/dev/token');
  });
});

describe('development identity in production', () => {
  it('refuses to issue tokens', async () => {
    const app = await gatewayWith({
      NODE_ENV: 'production',
      OIDC_ISSUER: 'https://login.example',
      OIDC_JWKS_URL: 'https://login.example/jwks',
    });
    try {
      const response = await request(app.getHttpServer()).post('/api/v1/dev/token').send({ email: 'clerk@demo.example' }).expect(404);
      expect(response.body.code).toBe('DEV.DISABLED');
      await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(404);
      await request(app.getHttpServer()).get('/api/v1/dev/users').expect(404);
    } finally {
      await app.close();
    }
  });
});

describe('the development signing key', () => {
  it('is the same key for every caller in a process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsweg-key-'));
    const [a, b] = await Promise.all([DevSigningKey.loadOrCreate(dir), DevSigningKey.loadOrCreate(dir)]);
    expect(a.publicJwk).toEqual(b.publicJwk);
  });
});
