import { EmbeddedPostgres } from '@amtsweg/platform';
import request from 'supertest';
import { startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

describe('the public list of municipalities (embedded database)', () => {
  let embedded: EmbeddedPostgres;
  let t: AppointmentsTestApp;

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    t = await startAppointmentsTestApp({ embedded });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await embedded?.close();
  });

  it('names the seeded tenants by slug and name only, without a token', async () => {
    const response = await request(t.app.getHttpServer()).get('/api/v1/tenants').expect(200);
    expect(response.body.map((tenant: { slug: string }) => tenant.slug).sort()).toEqual(['demo', 'muster']);
    for (const tenant of response.body) expect(Object.keys(tenant).sort()).toEqual(['name', 'slug']);
  });
});
