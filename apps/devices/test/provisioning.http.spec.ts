import QRCode from 'qrcode';
import { newId } from '@amtsweg/platform';
import { ProvisioningBatches } from '../src/provisioning/provisioning-batch';
import { PROVISIONING_CHUNK_SIZE } from '../src/provisioning/provision-devices/provision-devices.handler';
import { ENROLLMENT_QR_OPTIONS } from '../src/provisioning/enrollment-qr';
import { startDevicesApp, type DevicesTestApp } from './devices-app';

const IT_ADMIN = 'it-admin@demo.example';
const TENANT = '/api/v1/tenants/demo';

/** The dark modules of a QR code drawn by `qrcode`'s SVG renderer (`M x y`, `m dx dy`, `h n` on half-integer rows), as "x,y". */
function darkModules(svg: string, margin: number): Set<string> {
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!path) throw new Error('no dark path in the SVG');
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (command === 'M') [x, y] = [Number(a), Number(b)];
    else if (command === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      for (let i = 0; i < Number(a); i++) dark.add(`${x + i - margin},${Math.floor(y) - margin}`);
      x += Number(a);
    }
  }
  return dark;
}

describe('bulk provisioning with progress and QR codes (embedded database)', () => {
  let t: DevicesTestApp;
  let admin: string;
  let profileId: string;

  beforeAll(async () => {
    t = await startDevicesApp();
    admin = await t.bearer(IT_ADMIN);
    profileId = (
      await t
        .http()
        .post(`${TENANT}/provisioning-profiles`)
        .set('Authorization', admin)
        .send({ name: 'Massen', apps: ['com.microsoft.teams'] })
        .expect(201)
    ).body.id;
  }, 60_000);
  afterAll(() => t?.close());

  let batchNo = 0;
  /** `count` devices imported and reserved by hand (in_stock → reserved). */
  async function reservedDevices(count: number): Promise<string[]> {
    const prefix = `BULK-${++batchNo}-`;
    const rows = Array.from({ length: count }, (_, i) => `tablet,iPad 10,${prefix}${String(i).padStart(4, '0')}`);
    await t
      .http()
      .post(`${TENANT}/devices/import`)
      .set('Authorization', admin)
      .set('Content-Type', 'text/csv')
      .send(`type,model,serial\n${rows.join('\n')}\n`)
      .expect(200);
    const { body } = await t.http().get(`${TENANT}/devices`).query({ q: prefix, limit: 200 }).set('Authorization', admin).expect(200);
    const ids = (body.items as Array<{ id: string }>).map((d) => d.id);
    expect(ids).toHaveLength(count);
    for (const id of ids)
      await t.http().post(`${TENANT}/devices/${id}/transitions`).set('Authorization', admin).send({ to: 'reserved' }).expect(200);
    return ids;
  }
  const provision = (deviceIds: string[], extra: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`${TENANT}/devices/provision`)
      .set('Authorization', admin)
      .send({ profileId, deviceIds, ...extra });
  const batch = (id: string) => t.http().get(`${TENANT}/provisioning-batches/${id}`).set('Authorization', admin);

  it('answers every enrollment link with its QR code: a valid SVG whose modules are exactly the QR code of that URL', async () => {
    const deviceIds = await reservedDevices(2);
    const { body } = await provision(deviceIds).expect(200);
    expect(body.items).toHaveLength(2);
    for (const item of body.items as Array<{ enrollmentUrl: string; enrollmentQrSvg: string }>) {
      expect(item.enrollmentQrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"[^>]*>.*<\/svg>\s*$/s);
      expect(item.enrollmentQrSvg).toBe(await QRCode.toString(item.enrollmentUrl, ENROLLMENT_QR_OPTIONS));
      // Independent of the renderer's text: the drawn modules are the URL's QR matrix, not another link's.
      const qr = QRCode.create(item.enrollmentUrl, { errorCorrectionLevel: ENROLLMENT_QR_OPTIONS.errorCorrectionLevel });
      const expected = new Set<string>();
      for (let y = 0; y < qr.modules.size; y++)
        for (let x = 0; x < qr.modules.size; x++) if (qr.modules.get(y, x)) expected.add(`${x},${y}`);
      expect(darkModules(item.enrollmentQrSvg, ENROLLMENT_QR_OPTIONS.margin)).toEqual(expected);
    }
    const [first, second] = body.items as Array<{ enrollmentQrSvg: string }>;
    expect(first.enrollmentQrSvg).not.toBe(second.enrollmentQrSvg);
  });

  it('provisions N devices as one batch in chunks; its progress counts up to the total and stays readable', async () => {
    const deviceIds = await reservedDevices(PROVISIONING_CHUNK_SIZE * 2 + 7);
    const batchId = newId();
    const snapshots: Array<{ status: string; provisioned: number; failed: number; total: number }> = [];
    const call = provision(deviceIds, { batchId }).then((response) => response);
    let settled = false;
    void call.finally(() => (settled = true));
    while (!settled) {
      const response = await batch(batchId);
      if (response.status === 200) snapshots.push(response.body);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const response = await call;
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      batchId,
      profileId,
      status: 'finished',
      total: deviceIds.length,
      provisioned: deviceIds.length,
      failed: 0,
      failures: [],
    });
    expect(response.body.items.map((i: { deviceId: string }) => i.deviceId).sort()).toEqual([...deviceIds].sort());
    // Whatever was seen meanwhile only ever grew, in whole chunks.
    for (const [i, snapshot] of snapshots.entries()) {
      expect(snapshot.total).toBe(deviceIds.length);
      expect(snapshot.provisioned % PROVISIONING_CHUNK_SIZE === 0 || snapshot.provisioned === deviceIds.length).toBe(true);
      if (i > 0) expect(snapshot.provisioned).toBeGreaterThanOrEqual(snapshots[i - 1].provisioned);
    }
    expect((await batch(batchId).expect(200)).body).toMatchObject({
      status: 'finished',
      provisioned: deviceIds.length,
      finishedAt: expect.any(String),
    });
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM devices.device WHERE id = ANY($1::uuid[]) AND status = 'provisioning'`,
      [deviceIds],
    );
    expect(n).toBe(deviceIds.length);
    // The same batch id again is a conflict, not a second batch.
    expect((await provision(await reservedDevices(1), { batchId }).expect(409)).body.code).toBe('PROVISIONING.BATCH_EXISTS');
  });

  it('commits progress chunk by chunk: a failure in the second chunk leaves the first provisioned and the batch aborted', async () => {
    const deviceIds = await reservedDevices(PROVISIONING_CHUNK_SIZE + 3);
    const batches = t.app.get(ProvisioningBatches);
    const original = batches.addProgress.bind(batches);
    let calls = 0;
    const spy = jest.spyOn(batches, 'addProgress').mockImplementation(async (...args) => {
      if (++calls === 2) throw new Error('the database went away');
      return original(...args);
    });
    const batchId = newId();
    try {
      await provision(deviceIds, { batchId }).expect(500);
    } finally {
      spy.mockRestore();
    }
    expect((await batch(batchId).expect(200)).body).toMatchObject({
      status: 'aborted',
      total: deviceIds.length,
      provisioned: PROVISIONING_CHUNK_SIZE,
      failed: 0,
    });
    const statuses = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM devices.device WHERE id = ANY($1::uuid[]) GROUP BY status ORDER BY status`,
      [deviceIds],
    );
    expect(statuses).toEqual([
      { status: 'provisioning', n: PROVISIONING_CHUNK_SIZE },
      { status: 'reserved', n: 3 },
    ]);
  });

  it('two admins provisioning the same devices at once: each device once, the other batch records it as failed', async () => {
    const deviceIds = await reservedDevices(PROVISIONING_CHUNK_SIZE + 5);
    const responses = await Promise.all([provision(deviceIds), provision([...deviceIds].reverse())]);
    const succeeded = responses.filter((r) => r.status === 200).map((r) => r.body);
    // A call that came second to every device is refused up front (409); one that started in time records the devices it lost.
    for (const r of responses) expect([200, 409]).toContain(r.status);
    const provisionedIds = succeeded.flatMap((b) => b.items.map((i: { deviceId: string }) => i.deviceId));
    expect(provisionedIds.sort()).toEqual([...deviceIds].sort());
    for (const b of succeeded) {
      expect(b.provisioned + b.failed).toBe(deviceIds.length);
      expect(b.failures.map((f: { deviceId: string }) => f.deviceId).sort()).toEqual(
        deviceIds.filter((id) => !b.items.some((i: { deviceId: string }) => i.deviceId === id)).sort(),
      );
    }
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM devices.enrollment_token WHERE device_id = ANY($1::uuid[])`, [
      deviceIds,
    ]);
    expect(n).toBe(deviceIds.length);
  });

  it('refuses the whole call when a device is not reserved, and hides other tenants’ batches', async () => {
    const [reserved] = await reservedDevices(1);
    const { body: inStock } = await t
      .http()
      .post(`${TENANT}/devices`)
      .set('Authorization', admin)
      .send({ type: 'tablet', model: 'iPad 10', serial: 'BULK-IN-STOCK' })
      .expect(201);
    expect((await provision([reserved, inStock.id]).expect(409)).body.code).toBe('DEVICE.TRANSITION_NOT_ALLOWED');
    const { body } = await t.http().get(`${TENANT}/devices/${reserved}`).set('Authorization', admin).expect(200);
    expect(body.status).toBe('reserved');
    const { body: done } = await provision([reserved]).expect(200);
    await t
      .http()
      .get(`/api/v1/tenants/muster/provisioning-batches/${done.batchId}`)
      .set('Authorization', await t.bearer('it-admin@muster.example'))
      .expect(404);
    await t
      .http()
      .get(`${TENANT}/provisioning-batches/${done.batchId}`)
      .set('Authorization', await t.bearer('staff@demo.example'))
      .expect(403);
  });
});
