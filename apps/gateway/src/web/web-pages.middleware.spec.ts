import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { webPagesMiddleware } from './web-pages.middleware';

function appServing(root: string) {
  const app = express();
  app.use(webPagesMiddleware(root));
  app.use((_request, response) => void response.status(404).json({ fellThrough: true }));
  return app;
}

describe('web pages middleware', () => {
  const root = mkdtempSync(join(tmpdir(), 'amtsweg-web-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>shell</title>');
  writeFileSync(join(root, 'main.js'), 'export {};');
  mkdirSync(join(root, 'pages'));
  writeFileSync(join(root, 'pages', 'home.js'), 'export {};');
  writeFileSync(join(tmpdir(), 'outside.js'), 'secret');
  const app = appServing(root);

  it('answers client routes with the page shell and its security headers', async () => {
    const response = await request(app).get('/demo/buchung/ABCD-EFGH?token=secret').set('accept', 'text/html').expect(200);
    expect(response.text).toContain('<title>shell</title>');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('serves the client modules with a JavaScript type', async () => {
    const response = await request(app).get('/app/pages/home.js').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it.each(['/api/v1/tenants/demo/offices', '/health/ready', '/metrics', '/.well-known/jwks.json'])('leaves %s to the API', async (path) => {
    await request(app).get(path).set('accept', 'text/html').expect(404, { fellThrough: true });
  });

  it('does not serve files outside the client, nor unknown kinds of file', async () => {
    await request(app).get('/app/..%2Foutside.js').expect(404, { fellThrough: true });
    await request(app).get('/app/../outside.js').expect(404);
    await request(app).get('/app/index.txt').expect(404, { fellThrough: true });
  });

  it('leaves writes and requests that do not want HTML alone', async () => {
    await request(app).post('/demo/termin').expect(404, { fellThrough: true });
    await request(app).get('/unknown').set('accept', 'application/json').expect(404, { fellThrough: true });
  });

  it('serves nothing, and lets everything through, when the client is not built', async () => {
    await request(appServing(join(root, 'missing')))
      .get('/')
      .set('accept', 'text/html')
      .expect(404, { fellThrough: true });
  });
});
