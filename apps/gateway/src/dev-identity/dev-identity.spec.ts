import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createServiceApp, DevSigningKey, loadConfig } from '@amtsweg/platform';
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
    // The identity provider itself is messaging's (apps/messaging/src/directory/dev-identity): it holds the directory.
    expect(Object.keys(docs.body.paths)).toContain('/api/v1/dev/users');
    expect(Object.keys(docs.body.paths)).not.toContain('/api/v1/dev/token');
  });
});

describe('development identity in production', () => {
  it('refuses its development routes', async () => {
    const app = await gatewayWith({
      NODE_ENV: 'production',
      OIDC_ISSUER: 'https://login.example',
      OIDC_JWKS_URL: 'https://login.example/jwks',
    });
    try {
      const response = await request(app.getHttpServer()).get('/api/v1/dev/users').expect(404);
      expect(response.body.code).toBe('DEV.DISABLED');
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
