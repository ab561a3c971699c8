import { startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

describe('the public list of municipalities (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  it('names the seeded tenants by slug and name only, without a token', async () => {
    const response = await t.http().get('/api/v1/tenants').expect(200);
    expect(response.body.map((tenant: { slug: string }) => tenant.slug).sort()).toEqual(['demo', 'muster']);
    for (const tenant of response.body) expect(Object.keys(tenant).sort()).toEqual(['name', 'slug']);
  });
});
