import { appointmentsUnit } from '@amtsweg/appointments';
import { devicesUnit } from '@amtsweg/devices';
import { eventDrivenProcess } from '@amtsweg/eventing';
import { waitFor } from '@amtsweg/eventing/testing';
import { messagingUnit } from '@amtsweg/messaging';
import { PlatformConfig } from '@amtsweg/platform';
import { signTestToken } from '@amtsweg/platform/testing';
import { signaturesUnit } from '@amtsweg/signatures';
import request from 'supertest';
import { e2eModes, startProcessForTest, type ComposedProcess } from '../support/composed-process';

/** One signed-in route of each service that keeps a projection of the registry. */
const SERVICE_ROUTES = [
  ['signatures', '/signature-requests'],
  ['messaging', '/notifications'],
  ['devices', '/devices'],
] as const;

/**
 * The registry across services: appointments owns it, the others learn it from `tenant.*` events,
 * so a municipality a provider-admin creates is served everywhere, a suspended one refused everywhere.
 */
describe.each(e2eModes())('the tenant registry across every service — %s', (_mode, infra) => {
  let composed: ComposedProcess;
  let config: PlatformConfig;
  const http = () => request(composed.app.getHttpServer());
  const provider = () => signTestToken(config, { roles: ['provider-admin'], sub: 'provider-1' }).then((token) => `Bearer ${token}`);
  const staffOf = (tenant: string) =>
    signTestToken(config, { tenant, roles: ['staff', 'clerk', 'it-admin', 'tenant-admin'], sub: `${tenant}-person-1` }).then(
      (token) => `Bearer ${token}`,
    );
  const codesAt = async (tenant: string) => {
    const bearer = await staffOf(tenant);
    const answers = await Promise.all(
      SERVICE_ROUTES.map(async ([service, path]) => {
        const response = await http().get(`/api/v1/tenants/${tenant}${path}`).set('authorization', bearer);
        return [service, response.status === 200 ? 200 : `${response.status} ${response.body.code}`] as const;
      }),
    );
    return Object.fromEntries(answers);
  };
  const everywhere = (answer: number | string) => Object.fromEntries(SERVICE_ROUTES.map(([service]) => [service, answer]));

  beforeAll(async () => {
    composed = await startProcessForTest(
      eventDrivenProcess('amtsweg registry (test)', [appointmentsUnit, signaturesUnit, messagingUnit, devicesUnit]),
      infra,
    );
    config = composed.app.get(PlatformConfig);
  }, 120_000);
  afterAll(() => composed?.close(), 60_000);

  it('serves a new municipality in every service once created, refuses it while suspended, and serves it again once reactivated', async () => {
    const slug = `beispiel-${Date.now().toString(36)}`;
    // Unknown everywhere, whatever the token says.
    expect(await codesAt(slug)).toEqual(everywhere('404 TENANT.NOT_FOUND'));

    await http()
      .post('/api/v1/tenants')
      .set('authorization', await provider())
      .send({ slug, name: 'Stadt Beispiel', federalState: 'NW' })
      .expect(201);
    await waitFor(
      `${slug} known in every service`,
      () => codesAt(slug),
      (codes) => JSON.stringify(codes) === JSON.stringify(everywhere(200)),
      {
        timeoutMs: 30_000,
      },
    );

    await http()
      .patch(`/api/v1/tenants/${slug}`)
      .set('authorization', await provider())
      .send({ suspended: true })
      .expect(200);
    await waitFor(
      `${slug} suspended in every service`,
      () => codesAt(slug),
      (codes) => JSON.stringify(codes) === JSON.stringify(everywhere('403 TENANT.SUSPENDED')),
      { timeoutMs: 30_000 },
    );
    // Citizens: as if it did not exist.
    expect((await http().get(`/api/v1/tenants/${slug}/offices`).expect(404)).body.code).toBe('TENANT.NOT_FOUND');

    await http()
      .patch(`/api/v1/tenants/${slug}`)
      .set('authorization', await provider())
      .send({ suspended: false })
      .expect(200);
    await waitFor(
      `${slug} active again`,
      () => codesAt(slug),
      (codes) => JSON.stringify(codes) === JSON.stringify(everywhere(200)),
      {
        timeoutMs: 30_000,
      },
    );
    await http().get(`/api/v1/tenants/${slug}/offices`).expect(200);
  }, 120_000);

  it('refuses the provider-admin on the routes of a municipality in every service', async () => {
    const bearer = await provider();
    for (const path of ['/offices/00000000-0000-7000-8000-000000000000/bookings', ...SERVICE_ROUTES.map(([, route]) => route)]) {
      const response = await http().get(`/api/v1/tenants/demo${path}`).set('authorization', bearer);
      expect({ path, status: response.status, code: response.body.code }).toEqual({
        path,
        status: 403,
        code: 'AUTH.PROVIDER_ADMIN_NOT_ALLOWED',
      });
    }
  });
});
