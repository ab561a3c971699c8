import { startDevicesApp, type DevicesTestApp } from './devices-app';

const IT_ADMIN = 'it-admin@demo.example';
const TENANT_ADMIN = 'admin@demo.example';

describe('four eyes on device requests (embedded database)', () => {
  let t: DevicesTestApp;
  let itAdmin: string;
  let tenantAdmin: string;

  beforeAll(async () => {
    t = await startDevicesApp();
    t.clock.set(new Date('2026-11-30T08:00:00+01:00'));
    itAdmin = await t.bearer(IT_ADMIN);
    tenantAdmin = await t.bearer(TENANT_ADMIN);
  }, 60_000);
  afterAll(() => t?.close());

  let serialNo = 0;
  const ownRequest = async () => {
    await t
      .http()
      .post('/api/v1/tenants/demo/devices')
      .set('Authorization', itAdmin)
      .send({ type: 'laptop', model: 'Modell', serial: `OWN-${++serialNo}` })
      .expect(201);
    const { body } = await t
      .http()
      .post('/api/v1/tenants/demo/device-requests')
      .set('Authorization', itAdmin)
      .send({ items: [{ type: 'laptop', count: 1 }], justification: 'Eigener Arbeitsplatz', neededBy: '2026-12-07' })
      .expect(201);
    return body.id as string;
  };
  const approve = (id: string) =>
    t.http().post(`/api/v1/tenants/demo/device-requests/${id}/approve`).set('Authorization', itAdmin).send({});
  const reject = (id: string) =>
    t.http().post(`/api/v1/tenants/demo/device-requests/${id}/reject`).set('Authorization', itAdmin).send({ reason: 'Doch nicht' });
  const settings = () => t.http().get('/api/v1/tenants/demo/device-settings');

  it('refuses the requester deciding their own request (approve or reject): 403 DEVICE_REQUEST.OWN_REQUEST, and nothing changes', async () => {
    const id = await ownRequest();
    const approved = await approve(id);
    expect(approved.status).toBe(403);
    expect(approved.body.code).toBe('DEVICE_REQUEST.OWN_REQUEST');
    expect((await reject(id).expect(403)).body.code).toBe('DEVICE_REQUEST.OWN_REQUEST');
    const { body: list } = await t.http().get('/api/v1/tenants/demo/device-requests').set('Authorization', itAdmin).expect(200);
    expect(list.items.find((r: { id: string }) => r.id === id)).toMatchObject({ status: 'submitted', deviceIds: [] });
  });

  it('lets a tenant-admin allow it for a tenant with one it-admin (default off), audited with who and when', async () => {
    expect((await settings().set('Authorization', tenantAdmin).expect(200)).body).toEqual({ allowOwnRequestDecision: false, changes: [] });
    await settings().set('Authorization', itAdmin).expect(403);
    await t
      .http()
      .put('/api/v1/tenants/demo/device-settings')
      .set('Authorization', itAdmin)
      .send({ allowOwnRequestDecision: true })
      .expect(403);
    await t
      .http()
      .put('/api/v1/tenants/demo/device-settings')
      .set('Authorization', tenantAdmin)
      .send({ allowOwnRequestDecision: 'yes' })
      .expect(400);
    await t.http().put('/api/v1/tenants/demo/device-settings').set('Authorization', tenantAdmin).send({}).expect(400);

    const { body: changed } = await t
      .http()
      .put('/api/v1/tenants/demo/device-settings')
      .set('Authorization', tenantAdmin)
      .send({ allowOwnRequestDecision: true })
      .expect(200);
    expect(changed).toEqual({
      allowOwnRequestDecision: true,
      changes: [{ at: '2026-11-30T07:00:00.000Z', actor: t.userId(TENANT_ADMIN), allowOwnRequestDecision: true }],
    });
    const muster = await t.bearer('admin@muster.example');
    expect(
      (await t.http().get('/api/v1/tenants/muster/device-settings').set('Authorization', muster).expect(200)).body.allowOwnRequestDecision,
    ).toBe(false);

    const id = await ownRequest();
    expect((await approve(id).expect(200)).body).toMatchObject({ status: 'approved', decidedBy: t.userId(IT_ADMIN) });
    expect((await reject(await ownRequest()).expect(200)).body.status).toBe('rejected');

    t.clock.set(new Date('2026-11-30T09:00:00+01:00'));
    await t
      .http()
      .put('/api/v1/tenants/demo/device-settings')
      .set('Authorization', tenantAdmin)
      .send({ allowOwnRequestDecision: false })
      .expect(200);
    const { body: after } = await settings().set('Authorization', tenantAdmin).expect(200);
    expect(after.allowOwnRequestDecision).toBe(false);
    expect(after.changes.map((c: { allowOwnRequestDecision: boolean }) => c.allowOwnRequestDecision)).toEqual([false, true]);
    expect((await approve(await ownRequest()).expect(403)).body.code).toBe('DEVICE_REQUEST.OWN_REQUEST');
  });
});
