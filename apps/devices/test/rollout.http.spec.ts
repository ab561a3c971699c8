import { SignatureRequestCompletedV1, SignatureRequestRejectedV1, type EventContract } from '@amtsweg/contracts';
import { EVENT_BUS, type EventBus } from '@amtsweg/eventing';
import { waitFor } from '@amtsweg/eventing/testing';
import { DEMO_USERS } from '@amtsweg/platform';
import { outboxEvents, startKitSuite, type DevicesTestApp } from './devices-app';
import { answerAsSignatures, handoverProtocol } from './signatures-answers';

const IT_ADMIN = 'it-admin@demo.example';
const STAFF = 'staff@demo.example';
const PROFILE = {
  name: 'Standard Verwaltung',
  wifi: [{ ssid: 'Verwaltung', security: 'WPA3-Enterprise' }],
  vpn: { type: 'wireguard', server: 'vpn.demo.example', port: 51820 },
  mail: { protocol: 'exchange-activesync', server: 'mail.demo.example' },
  apps: ['de.bund.ausweisapp2', 'com.microsoft.teams'],
};

describe('provisioning, enrollment and the kit handover (embedded database)', () => {
  let t: DevicesTestApp;
  let admin: string;
  let staff: string;
  let profileId: string;

  beforeAll(async () => {
    ({ t, admin, staff, profileId } = await startKitSuite(PROFILE));
  }, 60_000);
  afterAll(() => t?.close());

  let serialNo = 0;
  async function approvedKit(): Promise<{ requestId: string; deviceIds: string[] }> {
    for (const type of ['laptop', 'phone']) await t.api.register(admin, { type, serial: `KIT-${++serialNo}`, assetTag: `INV-${serialNo}` });
    const requestId = await t.api.submitRequest(staff);
    const { body } = await t.api.approve(admin, requestId).expect(200);
    return { requestId, deviceIds: body.deviceIds };
  }
  const provision = (deviceIds: string[], extra: Record<string, unknown> = {}) => t.api.provision(admin, profileId, deviceIds, extra);
  const enroll = (url: string) => t.http().get(new URL(url).pathname);
  const request = (id: string) => t.api.request(admin, id);
  const device = (id: string) => t.api.device(admin, id);
  const signatureEvent = <T extends object>(contract: EventContract<T>, data: Record<string, unknown>) =>
    answerAsSignatures(t.app.get<EventBus>(EVENT_BUS), contract, data);
  const signatureBase = (handoverId: string) => handoverProtocol(handoverId, t.userId(IT_ADMIN));

  it('validates profiles and lists them as a bare array; only it-admins', async () => {
    const bad = await t
      .http()
      .post('/api/v1/tenants/demo/provisioning-profiles')
      .set('Authorization', admin)
      .send({ name: 'Kaputt', wifi: [{ ssid: 'x', security: 'WEP' }], apps: ['ok', 'nicht ok'] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['wifi.0.security', 'apps']));
    await t.http().post('/api/v1/tenants/demo/provisioning-profiles').set('Authorization', admin).send(PROFILE).expect(409);
    const { body } = await t.http().get('/api/v1/tenants/demo/provisioning-profiles').set('Authorization', admin).expect(200);
    expect(body).toEqual([
      expect.objectContaining({
        id: profileId,
        name: 'Standard Verwaltung',
        configuration: expect.objectContaining({ apps: PROFILE.apps }),
      }),
    ]);
    await t.http().get('/api/v1/tenants/demo/provisioning-profiles').set('Authorization', staff).expect(403);
  });

  it('provisions in bulk with one-time enrollment links (stored hashed); enrolling answers the configuration once, then 410', async () => {
    const { deviceIds } = await approvedKit();
    const { body } = await provision(deviceIds).expect(200);
    expect(body.items).toHaveLength(2);
    const [first] = body.items;
    expect(first.enrollmentUrl).toMatch(/\/api\/v1\/enroll\/[A-Za-z0-9_-]{43}$/);
    const token = first.enrollmentUrl.split('/').pop();
    const stored = await t.dataSource.query(`SELECT token_sha256 FROM devices.enrollment_token WHERE device_id = $1`, [first.deviceId]);
    expect(stored[0].token_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM devices.enrollment_token`))).not.toContain(token);
    expect((await device(first.deviceId)).status).toBe('provisioning');

    const enrolled = await enroll(first.enrollmentUrl).expect(200);
    expect(enrolled.body).toMatchObject({
      deviceId: first.deviceId,
      profileName: 'Standard Verwaltung',
      configuration: { vpn: PROFILE.vpn, apps: PROFILE.apps },
    });
    expect((await device(first.deviceId)).status).toBe('ready');
    expect((await enroll(first.enrollmentUrl).expect(410)).body.code).toBe('ENROLLMENT.GONE');
    await t.http().get('/api/v1/enroll/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    await t.http().get('/api/v1/enroll/kurz').expect(404);
    expect((await provision(deviceIds).expect(409)).body.code).toBe('DEVICE.TRANSITION_NOT_ALLOWED');
  });

  it('answers 410 to an expired enrollment link', async () => {
    const { deviceIds } = await approvedKit();
    const { body } = await provision(deviceIds, { expiresInHours: 1 }).expect(200);
    const saved = t.clock.now();
    t.clock.set(new Date(saved.getTime() + 2 * 3_600_000));
    try {
      await enroll(body.items[0].enrollmentUrl).expect(410);
    } finally {
      t.clock.set(saved);
    }
  });

  it('requests ONE handover for the whole kit once every device is ready; the signed protocol hands them all over', async () => {
    const { requestId, deviceIds } = await approvedKit();
    const { body } = await provision(deviceIds).expect(200);
    await enroll(body.items[0].enrollmentUrl).expect(200);
    expect((await request(requestId)).status).toBe('approved'); // one device still provisioning
    await enroll(body.items[1].enrollmentUrl).expect(200);
    const requested = await request(requestId);
    expect(requested.status).toBe('handover_requested');

    const handovers = (await outboxEvents(t.dataSource)).filter(
      (e) => e.type === 'de.amtsweg.devices.handover.requested.v1' && e.subject === requested.handoverId,
    );
    expect(handovers).toHaveLength(1);
    expect(handovers[0].data).toMatchObject({
      handoverId: requested.handoverId,
      employee: { userId: t.userId(STAFF) },
      requestedBy: t.userId(IT_ADMIN),
      kitLabel: 'Geräte-Kit: 1× Laptop, 1× Telefon',
    });
    expect((handovers[0].data.devices as Array<{ deviceId: string }>).map((d) => d.deviceId).sort()).toEqual([...deviceIds].sort());

    await signatureEvent(SignatureRequestCompletedV1, {
      ...signatureBase(requested.handoverId),
      signerIds: [t.userId(STAFF)],
      completedAt: new Date().toISOString(),
      originalSha256: 'a'.repeat(64),
      documentSha256: 'b'.repeat(64),
    });
    await waitFor(
      'the kit handed over',
      () => request(requestId),
      (r) => r.status === 'handed_over',
    );
    for (const id of deviceIds) {
      const handed = await device(id);
      expect(handed).toMatchObject({ status: 'handed_over', holderId: t.userId(STAFF) });
      expect(handed.history.at(-1)).toMatchObject({
        from: 'ready',
        to: 'handed_over',
        actor: t.userId(STAFF),
        details: { handoverId: requested.handoverId },
      });
    }
    // the employee now sees their devices
    const mine = await t.http().get('/api/v1/tenants/demo/devices').set('Authorization', staff).expect(200);
    expect(mine.body.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(deviceIds));
    const handedOver = (await outboxEvents(t.dataSource)).filter(
      (e) => e.type === 'de.amtsweg.devices.device.handed-over.v1' && deviceIds.includes(e.subject),
    );
    expect(handedOver).toHaveLength(2);

    // Returning one: the it-admin confirms the wipe by signing a return protocol; until then it stays handed over.
    const returnDevice = (id: string) =>
      t
        .http()
        .post(`/api/v1/tenants/demo/devices/${id}/transitions`)
        .set('Authorization', admin)
        .send({ to: 'returned', wiped: true, reason: 'Stellenwechsel' });
    const started = await returnDevice(deviceIds[0]).expect(202);
    expect(started.body).toMatchObject({ id: deviceIds[0], status: 'handed_over', returnConfirmationId: expect.any(String) });
    const returnId = started.body.returnConfirmationId as string;
    expect((await returnDevice(deviceIds[0]).expect(409)).body.code).toBe('RETURN.PENDING');
    const [returnRequested] = (await outboxEvents(t.dataSource)).filter(
      (e) => e.type === 'de.amtsweg.devices.handover.requested.v1' && e.subject === returnId,
    );
    expect(returnRequested.data).toMatchObject({
      handoverId: returnId,
      kind: 'return',
      employee: { userId: t.userId(IT_ADMIN) },
      returnedBy: { userId: t.userId(STAFF) },
      requestedBy: t.userId(IT_ADMIN),
      devices: [expect.objectContaining({ deviceId: deviceIds[0] })],
    });
    expect((await device(deviceIds[0])).lastReturn).toMatchObject({ id: returnId, status: 'pending' });
    expect(
      (await outboxEvents(t.dataSource)).filter((e) => e.type === 'de.amtsweg.devices.device.returned.v1' && e.subject === deviceIds[0]),
    ).toHaveLength(0);

    await signatureEvent(SignatureRequestCompletedV1, {
      ...signatureBase(returnId),
      title: 'Rückgabeprotokoll',
      signerIds: [t.userId(IT_ADMIN)],
      completedAt: new Date().toISOString(),
      originalSha256: 'a'.repeat(64),
      documentSha256: 'b'.repeat(64),
    });
    const back = await waitFor(
      'the device returned',
      () => device(deviceIds[0]),
      (d) => d.status === 'returned',
    );
    expect(back).toMatchObject({ holderId: null, lastReturn: { id: returnId, status: 'signed', failure: null } });
    expect(back.history.at(-1)).toMatchObject({
      from: 'handed_over',
      to: 'returned',
      actor: t.userId(IT_ADMIN),
      reason: 'Stellenwechsel',
      details: { wiped: true, returnedBy: t.userId(STAFF), returnConfirmationId: returnId, signedBy: t.userId(IT_ADMIN) },
    });
    const returned = (await outboxEvents(t.dataSource)).filter(
      (e) => e.type === 'de.amtsweg.devices.device.returned.v1' && e.subject === deviceIds[0],
    );
    expect(returned).toHaveLength(1);
    expect(returned[0].data).toMatchObject({ previousHolderId: t.userId(STAFF), wiped: true });
    // The kit's handover is unaffected by the return's answer.
    expect((await request(requestId)).status).toBe('handed_over');

    // A refused return protocol leaves the other device with the employee, the reason on the return; a new return can start.
    const refusedId = (await returnDevice(deviceIds[1]).expect(202)).body.returnConfirmationId as string;
    await signatureEvent(SignatureRequestRejectedV1, {
      ...signatureBase(refusedId),
      step: 1,
      rejectedBy: t.userId(IT_ADMIN),
      reason: 'Gerät noch nicht gelöscht',
      rejectedAt: new Date().toISOString(),
    });
    const kept = await waitFor(
      'the return refused',
      () => device(deviceIds[1]),
      (d) => d.lastReturn?.status === 'refused',
    );
    expect(kept).toMatchObject({
      status: 'handed_over',
      holderId: t.userId(STAFF),
      lastReturn: { failure: 'Rückgabe abgelehnt: Gerät noch nicht gelöscht' },
    });
    expect((await returnDevice(deviceIds[1]).expect(202)).body.returnConfirmationId).not.toBe(refusedId);
  });

  it('shows the rollout: devices per status, requests per state, activity per ISO week (it-admins only)', async () => {
    const { body } = await t.http().get('/api/v1/tenants/demo/rollout').set('Authorization', admin).expect(200);
    const [{ n: handedOver }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM devices.device WHERE tenant = 'demo' AND status = 'handed_over'`,
    );
    expect(handedOver).toBeGreaterThan(0);
    expect(body.devicesByStatus).toEqual(expect.objectContaining({ handed_over: handedOver, retired: 0 }));
    expect(Object.keys(body.devicesByStatus)).toHaveLength(9);
    expect(body.requestsByStatus.handed_over).toBe(1);
    const [{ week }] = await t.dataSource.query(`SELECT to_char(now() AT TIME ZONE 'Europe/Berlin', 'IYYY-"W"IW') AS week`);
    expect(body.weeks).toContainEqual({ week, requestsSubmitted: expect.any(Number), devicesHandedOver: 2, devicesReturned: 1 });
    await t.http().get('/api/v1/tenants/demo/rollout').set('Authorization', staff).expect(403);
    const muster = await t
      .http()
      .get('/api/v1/tenants/muster/rollout')
      .set('Authorization', await t.bearer('it-admin@muster.example'))
      .expect(200);
    expect(muster.body.devicesByStatus.handed_over).toBe(0);
  });

  it('a refused protocol leaves the devices ready and the reason on the request', async () => {
    const { requestId, deviceIds } = await approvedKit();
    const { body } = await provision(deviceIds).expect(200);
    for (const item of body.items) await enroll(item.enrollmentUrl).expect(200);
    const { handoverId } = await request(requestId);
    await signatureEvent(SignatureRequestRejectedV1, {
      ...signatureBase(handoverId),
      step: 1,
      rejectedBy: t.userId(STAFF),
      reason: 'Seriennummer stimmt nicht',
      rejectedAt: new Date().toISOString(),
    });
    const failed = await waitFor(
      'the handover failed',
      () => request(requestId),
      (r) => r.status === 'approved',
    );
    expect(failed).toMatchObject({ handoverId: null, handoverFailure: 'Übergabe abgelehnt: Seriennummer stimmt nicht' });
    for (const id of deviceIds) expect((await device(id)).status).toBe('ready');
    // a late "completed" for the refused handover changes nothing
    await signatureEvent(SignatureRequestCompletedV1, {
      ...signatureBase(handoverId),
      signerIds: [t.userId(STAFF)],
      completedAt: new Date().toISOString(),
      originalSha256: 'a'.repeat(64),
      documentSha256: 'b'.repeat(64),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const id of deviceIds) expect((await device(id)).status).toBe('ready');
  });

  // Last: reads what every test above put on the outbox (requests, provisioning, handovers, returns).
  it('leaves staff on the topics by user id only: no e-mail address and no name in any event', async () => {
    const { body: asked } = await t
      .http()
      .post('/api/v1/tenants/demo/device-requests')
      .set('Authorization', staff)
      .send({ items: [{ type: 'tablet', count: 1 }], justification: 'Außendienst', neededBy: '2099-01-01' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/tenants/demo/device-requests/${asked.id}/reject`)
      .set('Authorization', admin)
      .send({ reason: 'Kein Bedarf' })
      .expect(200);

    const events = await outboxEvents(t.dataSource);
    const kinds = new Set(events.map((event) => event.type.split('.').slice(-3, -1).join('.')));
    for (const kind of [
      'request.submitted',
      'request.approved',
      'request.rejected',
      'device.provisioned',
      'device.handed-over',
      'device.returned',
      'handover.requested',
    ]) {
      expect(kinds).toContain(kind);
    }
    for (const event of events) {
      const raw = JSON.stringify(event);
      for (const person of DEMO_USERS) {
        expect({ type: event.type, hasEmail: raw.toLowerCase().includes(person.email) }).toEqual({ type: event.type, hasEmail: false });
        expect({ type: event.type, hasName: raw.includes(person.name) }).toEqual({ type: event.type, hasName: false });
      }
    }
  });
});
