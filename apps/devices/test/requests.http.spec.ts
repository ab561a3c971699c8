import { outboxEvents, startDevicesApp, type DevicesTestApp } from './devices-app';

const IT_ADMIN = 'it-admin@demo.example';
const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';

describe('device requests over HTTP (embedded database)', () => {
  let t: DevicesTestApp;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    t = await startDevicesApp();
    t.clock.set(new Date('2026-11-30T08:00:00+01:00'));
    admin = await t.bearer(IT_ADMIN);
    staff = await t.bearer(STAFF);
  }, 60_000);
  afterAll(() => t?.close());

  let serialNo = 0;
  const stock = async (type: string, count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { body } = await t
        .http()
        .post('/api/v1/tenants/demo/devices')
        .set('Authorization', admin)
        .send({ type, model: `Modell ${type}`, serial: `REQ-${++serialNo}` })
        .expect(201);
      ids.push(body.id);
    }
    return ids;
  };
  const submit = (body: Record<string, unknown> = {}, as = staff) =>
    t
      .http()
      .post('/api/v1/tenants/demo/device-requests')
      .set('Authorization', as)
      .send({
        items: [
          { type: 'laptop', count: 1 },
          { type: 'phone', count: 1 },
        ],
        justification: 'Neue Stelle im Bürgerbüro',
        neededBy: '2026-12-07',
        ...body,
      });
  const device = async (id: string) =>
    (await t.http().get(`/api/v1/tenants/demo/devices/${id}`).set('Authorization', admin).expect(200)).body;

  it('staff submit a kit request; it-admins approve and the system picks in-stock devices, which become reserved', async () => {
    await stock('laptop', 1);
    await stock('phone', 1);
    const { body: submitted } = await submit().expect(201);
    expect(submitted).toMatchObject({
      status: 'submitted',
      requesterId: t.userId(STAFF),
      items: [
        { type: 'laptop', count: 1 },
        { type: 'phone', count: 1 },
      ],
      neededBy: '2026-12-07',
      deviceIds: [],
    });

    const { body: approved } = await t
      .http()
      .post(`/api/v1/tenants/demo/device-requests/${submitted.id}/approve`)
      .set('Authorization', admin)
      .send({})
      .expect(200);
    expect(approved).toMatchObject({ status: 'approved', decidedBy: t.userId(IT_ADMIN) });
    expect(approved.deviceIds).toHaveLength(2);
    const devices = await Promise.all(approved.deviceIds.map(device));
    expect(devices.map((d) => d.type).sort()).toEqual(['laptop', 'phone']);
    for (const d of devices) {
      expect(d.status).toBe('reserved');
      expect(d.history.at(-1)).toMatchObject({
        from: 'in_stock',
        to: 'reserved',
        actor: t.userId(IT_ADMIN),
        details: { requestId: submitted.id },
      });
    }
    await t.http().post(`/api/v1/tenants/demo/device-requests/${submitted.id}/approve`).set('Authorization', admin).send({}).expect(409);

    const events = (await outboxEvents(t.dataSource)).filter((e) => e.subject === submitted.id);
    expect(events.map((e) => e.type)).toEqual(['de.amtsweg.devices.request.submitted.v1', 'de.amtsweg.devices.request.approved.v1']);
    expect(events[1].data).toMatchObject({
      requestId: submitted.id,
      tenant: 'demo',
      requesterId: t.userId(STAFF),
      deviceIds: approved.deviceIds,
    });
    expect(events[1].data).not.toHaveProperty('requesterEmail');
  });

  it('approves with the devices an it-admin names, only if they match the request and are in stock', async () => {
    const [laptop1, laptop2] = await stock('laptop', 2);
    const [phone] = await stock('phone', 1);
    const { body: request } = await submit().expect(201);
    const approve = (deviceIds: string[]) =>
      t.http().post(`/api/v1/tenants/demo/device-requests/${request.id}/approve`).set('Authorization', admin).send({ deviceIds });
    expect((await approve([laptop1, laptop2]).expect(422)).body.code).toBe('DEVICE_REQUEST.DEVICES_DO_NOT_MATCH');
    expect((await approve([laptop1, '0190a000-0000-7000-8000-000000000999']).expect(422)).body.code).toBe('DEVICE_REQUEST.UNKNOWN_DEVICE');
    await t
      .http()
      .post(`/api/v1/tenants/demo/devices/${laptop2}/transitions`)
      .set('Authorization', admin)
      .send({ to: 'reserved' })
      .expect(200);
    expect((await approve([laptop2, phone]).expect(409)).body.code).toBe('DEVICE_REQUEST.DEVICE_NOT_IN_STOCK');
    const { body } = await approve([laptop1, phone]).expect(200);
    expect(body.deviceIds).toEqual([laptop1, phone].sort());
  });

  it('refuses to approve without enough stock, and reserves nothing then', async () => {
    const { body: request } = await submit({
      items: [
        { type: 'tablet', count: 1 },
        { type: 'hotspot', count: 2 },
      ],
    }).expect(201);
    await stock('tablet', 1);
    await stock('hotspot', 1);
    expect(
      (await t.http().post(`/api/v1/tenants/demo/device-requests/${request.id}/approve`).set('Authorization', admin).send({}).expect(409))
        .body.code,
    ).toBe('DEVICE_REQUEST.NOT_ENOUGH_STOCK');
    const tablets = await t
      .http()
      .get('/api/v1/tenants/demo/devices')
      .query({ type: 'tablet', status: 'in_stock' })
      .set('Authorization', admin)
      .expect(200);
    expect(tablets.body.items).toHaveLength(1);
  });

  it('rejects with a reason the requester sees; then it cannot be approved', async () => {
    const { body: request } = await submit().expect(201);
    await t.http().post(`/api/v1/tenants/demo/device-requests/${request.id}/reject`).set('Authorization', admin).send({}).expect(400);
    const { body } = await t
      .http()
      .post(`/api/v1/tenants/demo/device-requests/${request.id}/reject`)
      .set('Authorization', admin)
      .send({ reason: 'Bitte über die Amtsleitung beantragen.' })
      .expect(200);
    expect(body).toMatchObject({ status: 'rejected', rejectionReason: 'Bitte über die Amtsleitung beantragen.' });
    await t.http().post(`/api/v1/tenants/demo/device-requests/${request.id}/approve`).set('Authorization', admin).send({}).expect(409);
    const mine = await t
      .http()
      .get('/api/v1/tenants/demo/device-requests')
      .query({ status: 'rejected' })
      .set('Authorization', staff)
      .expect(200);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toContain(request.id);
  });

  it('shows staff only their own requests, it-admins all; only it-admins decide', async () => {
    const clerk = await t.bearer(CLERK);
    const { body: own } = await submit({}, clerk).expect(201);
    const staffView = await t.http().get('/api/v1/tenants/demo/device-requests').set('Authorization', staff).expect(200);
    expect(staffView.body.items.every((r: { requesterId: string }) => r.requesterId === t.userId(STAFF))).toBe(true);
    const adminView = await t
      .http()
      .get('/api/v1/tenants/demo/device-requests')
      .query({ limit: 200 })
      .set('Authorization', admin)
      .expect(200);
    expect(adminView.body.items.map((r: { id: string }) => r.id)).toContain(own.id);
    await t.http().post(`/api/v1/tenants/demo/device-requests/${own.id}/approve`).set('Authorization', staff).send({}).expect(403);
    await t
      .http()
      .post(`/api/v1/tenants/demo/device-requests/${own.id}/reject`)
      .set('Authorization', clerk)
      .send({ reason: 'x' })
      .expect(403);
    await t
      .http()
      .post(`/api/v1/tenants/muster/device-requests/${own.id}/approve`)
      .set('Authorization', await t.bearer('it-admin@muster.example'))
      .send({})
      .expect(404);
  });

  it('refuses a needed-by date in the past (422) and malformed items (400)', async () => {
    expect((await submit({ neededBy: '2026-11-01' }).expect(422)).body.code).toBe('DEVICE_REQUEST.NEEDED_BY_IN_PAST');
    await submit({ neededBy: '2026-02-30' }).expect(400);
    await submit({ items: [{ type: 'desktop', count: 1 }] }).expect(400);
    await submit({ items: [] }).expect(400);
  });
});
