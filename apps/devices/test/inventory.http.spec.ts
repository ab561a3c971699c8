import { PageCursor, uuidKey } from '@amtsweg/platform';
import { ReturnConfirmation } from '../src/handover/return-confirmation';
import { startDevicesApp, type DevicesTestApp } from './devices-app';

const IT_ADMIN = 'it-admin@demo.example';
const STAFF = 'staff@demo.example';
const MUSTER_ADMIN = 'it-admin@muster.example';

describe('inventory over HTTP (embedded database)', () => {
  let t: DevicesTestApp;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    t = await startDevicesApp();
    admin = await t.bearer(IT_ADMIN);
    staff = await t.bearer(STAFF);
  }, 60_000);
  afterAll(() => t?.close());

  let serialNo = 0;
  const register = (overrides: Record<string, unknown> = {}, as = admin) =>
    t
      .http()
      .post('/api/v1/tenants/demo/devices')
      .set('Authorization', as)
      .send({ type: 'laptop', model: 'Lenovo ThinkPad T14 Gen 5', serial: `SN-INV-${++serialNo}`, ...overrides });
  const transition = (id: string, body: Record<string, unknown>, as = admin) =>
    t.http().post(`/api/v1/tenants/demo/devices/${id}/transitions`).set('Authorization', as).send(body);

  it('registers a device in stock with its purchase data and a first history entry', async () => {
    const created = await register({
      type: 'phone',
      serial: 'R58W31ZQ',
      model: 'Samsung Galaxy A55',
      assetTag: 'INV-2026-0042',
      imei: '490154203237518',
      orderNumber: 'BE-2026-0815',
      supplier: 'Systemhaus Nord GmbH',
      deliveredOn: '2026-11-02',
      warrantyUntil: '2029-11-01',
    }).expect(201);
    expect(created.body).toMatchObject({
      type: 'phone',
      serial: 'R58W31ZQ',
      imei: '490154203237518',
      status: 'in_stock',
      holderId: null,
      purchase: { orderNumber: 'BE-2026-0815', supplier: 'Systemhaus Nord GmbH', deliveredOn: '2026-11-02', warrantyUntil: '2029-11-01' },
    });
    const { body } = await t.http().get(`/api/v1/tenants/demo/devices/${created.body.id}`).set('Authorization', admin).expect(200);
    expect(body.history).toEqual([expect.objectContaining({ actor: t.userId(IT_ADMIN), from: null, to: 'in_stock' })]);
  });

  it('refuses an IMEI whose check digit is wrong, an unknown type, and impossible dates (400)', async () => {
    const imei = await register({ imei: '490154203237519' }).expect(400);
    expect(imei.body.errors).toEqual([expect.objectContaining({ field: 'imei' })]);
    await register({ type: 'desktop' }).expect(400);
    const dates = await register({ deliveredOn: '2026-02-30' }).expect(400);
    expect(dates.body.errors[0].field).toBe('deliveredOn');
    const order = await register({ deliveredOn: '2026-11-02', warrantyUntil: '2026-01-01' }).expect(400);
    expect(order.body.errors[0].field).toBe('warrantyUntil');
  });

  it('keeps the serial unique per tenant (409), but another tenant may have the same serial', async () => {
    await register({ serial: 'DUP-1' }).expect(201);
    const again = await register({ serial: 'DUP-1' }).expect(409);
    expect(again.body.code).toBe('DEVICE.SERIAL_TAKEN');
    await t
      .http()
      .post('/api/v1/tenants/muster/devices')
      .set('Authorization', await t.bearer(MUSTER_ADMIN))
      .send({ type: 'laptop', model: 'X', serial: 'DUP-1' })
      .expect(201);
  });

  it('walks the whole lifecycle, with a wipe confirmation on return, and records every step', async () => {
    const { body: device } = await register().expect(201);
    for (const to of ['reserved', 'provisioning', 'ready']) await transition(device.id, { to, reason: `nach ${to}` }).expect(200);
    // handed over only through the signed protocol
    expect((await transition(device.id, { to: 'handed_over' }).expect(409)).body.code).toBe('DEVICE.HANDOVER_NEEDS_SIGNATURE');
    await t.dataSource.query(`UPDATE devices.device SET status = 'handed_over', holder_id = $2 WHERE id = $1`, [
      device.id,
      t.userId(STAFF),
    ]);

    const unconfirmed = await transition(device.id, { to: 'returned' }).expect(422);
    expect(unconfirmed.body.code).toBe('DEVICE.WIPE_NOT_CONFIRMED');
    const started = await transition(device.id, { to: 'returned', wiped: true, reason: 'Stellenwechsel' }).expect(202);
    expect(started.body).toMatchObject({ status: 'handed_over', holderId: t.userId(STAFF) });
    // Not back in stock before the it-admin signed the return protocol (signatures' answer, here without the bus).
    expect((await transition(device.id, { to: 'retired' }).expect(409)).body.code).toBe('DEVICE.TRANSITION_NOT_ALLOWED');
    await t.dataSource.transaction((manager) =>
      t.app.get(ReturnConfirmation).signed(manager, 'demo', started.body.returnConfirmationId, t.userId(IT_ADMIN), t.clock.now()),
    );
    const { body: returned } = await t.http().get(`/api/v1/tenants/demo/devices/${device.id}`).set('Authorization', admin).expect(200);
    expect(returned).toMatchObject({ status: 'returned', holderId: null });
    await transition(device.id, { to: 'retired', reason: 'Akku defekt' }).expect(200);
    expect((await transition(device.id, { to: 'in_stock' }).expect(409)).body.code).toBe('DEVICE.TRANSITION_NOT_ALLOWED');

    const { body } = await t.http().get(`/api/v1/tenants/demo/devices/${device.id}`).set('Authorization', admin).expect(200);
    expect(body.history.map((h: { from: string | null; to: string }) => `${h.from}→${h.to}`)).toEqual([
      'null→in_stock',
      'in_stock→reserved',
      'reserved→provisioning',
      'provisioning→ready',
      'handed_over→returned',
      'returned→retired',
    ]);
    expect(body.history[4]).toMatchObject({
      actor: t.userId(IT_ADMIN),
      reason: 'Stellenwechsel',
      details: {
        wiped: true,
        returnedBy: t.userId(STAFF),
        returnConfirmationId: started.body.returnConfirmationId,
        signedBy: t.userId(IT_ADMIN),
      },
    });
    expect(body.history[5].reason).toBe('Akku defekt');
  });

  it('answers 409 to every transition that skips or reverses a step', async () => {
    const { body: device } = await register().expect(201);
    for (const to of ['provisioning', 'ready', 'handed_over', 'returned', 'in_stock']) {
      expect((await transition(device.id, { to, wiped: true }).expect(409)).body.code).toMatch(/^DEVICE\./);
    }
    await transition(device.id, { to: 'reserved' }).expect(200);
    for (const to of ['ready', 'handed_over', 'returned', 'retired', 'lost', 'in_repair']) {
      expect((await transition(device.id, { to, wiped: true }).expect(409)).body.code).toMatch(/^DEVICE\./);
    }
  });

  it('lists newest first with filters and a cursor', async () => {
    const a = (await register({ type: 'hotspot', model: 'Netgear Nighthawk M6', serial: 'HOT-A' }).expect(201)).body;
    const b = (await register({ type: 'hotspot', model: 'Netgear Nighthawk M6', serial: 'HOT-B' }).expect(201)).body;
    const c = (await register({ type: 'hotspot', model: 'Huawei E5783', serial: 'HOT-C' }).expect(201)).body;
    await transition(c.id, { to: 'reserved' }).expect(200);

    const first = await t
      .http()
      .get('/api/v1/tenants/demo/devices')
      .query({ type: 'hotspot', limit: 2 })
      .set('Authorization', admin)
      .expect(200);
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([c.id, b.id]);
    const second = await t
      .http()
      .get('/api/v1/tenants/demo/devices')
      .query({ type: 'hotspot', limit: 2, cursor: first.body.nextCursor })
      .set('Authorization', admin)
      .expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: a.id })], nextCursor: null });

    const reserved = await t
      .http()
      .get('/api/v1/tenants/demo/devices')
      .query({ type: 'hotspot', status: 'reserved' })
      .set('Authorization', admin)
      .expect(200);
    expect(reserved.body.items.map((d: { id: string }) => d.id)).toEqual([c.id]);
    const search = await t.http().get('/api/v1/tenants/demo/devices').query({ q: 'nighthawk' }).set('Authorization', admin).expect(200);
    expect(search.body.items.map((d: { id: string }) => d.id)).toEqual([b.id, a.id]);
    await t.http().get('/api/v1/tenants/demo/devices').query({ status: 'stolen' }).set('Authorization', admin).expect(400);
  });

  it("refuses a cursor it did not hand out — a device id, or another list's cursor — with 400 REQUEST.INVALID_CURSOR", async () => {
    const { body: device } = await register().expect(201);
    await register().expect(201);
    const devices = await t.http().get('/api/v1/tenants/demo/devices').query({ limit: 1 }).set('Authorization', admin).expect(200);
    expect(devices.body.nextCursor).toEqual(expect.any(String));
    const requestsCursor = new PageCursor<[string]>('device-requests', [uuidKey]).encode([device.id]);
    for (const cursor of [device.id, 'bogus', requestsCursor, devices.body.nextCursor.slice(1)]) {
      const refused = await t.http().get('/api/v1/tenants/demo/devices').query({ cursor }).set('Authorization', admin).expect(400);
      expect(refused.body).toMatchObject({ code: 'REQUEST.INVALID_CURSOR', errors: [{ field: 'cursor', message: 'unknown cursor' }] });
    }
  });

  it('lets only it-admins change the inventory (403 for staff)', async () => {
    const { body: device } = await register().expect(201);
    expect((await register({}, staff).expect(403)).body.code).toBe('AUTH.ROLE_REQUIRED');
    await transition(device.id, { to: 'reserved' }, staff).expect(403);
    await t.http().post('/api/v1/tenants/demo/devices').send({}).expect(401);
  });

  it('shows staff only the devices they hold', async () => {
    const { body: held } = await register().expect(201);
    const { body: other } = await register().expect(201);
    await t.dataSource.query(`UPDATE devices.device SET status = 'handed_over', holder_id = $2 WHERE id = $1`, [held.id, t.userId(STAFF)]);
    const { body } = await t.http().get('/api/v1/tenants/demo/devices').set('Authorization', staff).expect(200);
    expect(body.items.map((d: { id: string }) => d.id)).toEqual([held.id]);
    await t.http().get(`/api/v1/tenants/demo/devices/${held.id}`).set('Authorization', staff).expect(200);
    await t.http().get(`/api/v1/tenants/demo/devices/${other.id}`).set('Authorization', staff).expect(404);
  });

  it('answers 404 for another tenant’s devices and paths', async () => {
    const { body: device } = await register().expect(201);
    const musterAdmin = await t.bearer(MUSTER_ADMIN);
    await t.http().get(`/api/v1/tenants/muster/devices/${device.id}`).set('Authorization', musterAdmin).expect(404);
    await t
      .http()
      .post(`/api/v1/tenants/muster/devices/${device.id}/transitions`)
      .set('Authorization', musterAdmin)
      .send({ to: 'reserved' })
      .expect(404);
    await t.http().get('/api/v1/tenants/muster/devices').set('Authorization', admin).expect(404);
    const list = await t.http().get('/api/v1/tenants/muster/devices').set('Authorization', musterAdmin).expect(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(device.id);
    await t.http().get('/api/v1/tenants/demo/devices/not-a-uuid').set('Authorization', admin).expect(400);
  });
});
