import { describeWithInfrastructure, TestDatabase } from '@amtsweg/eventing/testing';
import { startDevicesApp, type DevicesTestApp } from './devices-app';

const IT_ADMIN = 'it-admin@demo.example';
const STAFF = 'staff@demo.example';

// Row locks and SKIP LOCKED mean something only with more than one connection: proven here.
describeWithInfrastructure('devices on PostgreSQL: concurrent approvals, provisionings, enrollments and returns', ({ databaseUrl }) => {
  let database: TestDatabase;
  let t: DevicesTestApp;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    database = TestDatabase.named(databaseUrl);
    t = await startDevicesApp({ postgresUrl: database.url });
    admin = await t.bearer(IT_ADMIN);
    staff = await t.bearer(STAFF);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('ten approvals at once for six laptops in stock: six win with different devices, four get 409, nothing is reserved twice', async () => {
    const csv = ['type,model,serial', ...Array.from({ length: 6 }, (_, n) => `laptop,Lenovo ThinkPad T14,PG-${n}`)].join('\n');
    await t.api.importCsv(admin, csv);
    const requestIds = await Promise.all(
      Array.from({ length: 10 }, () => t.api.submitRequest(staff, { items: [{ type: 'laptop', count: 1 }], justification: 'x' })),
    );
    const answers = await Promise.all(requestIds.map((id) => t.api.approve(admin, id)));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(6);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(Array(4).fill('DEVICE_REQUEST.NOT_ENOUGH_STOCK'));
    const assigned = won.flatMap((a) => a.body.deviceIds as string[]);
    expect(new Set(assigned).size).toBe(6);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM devices.device WHERE status = 'reserved' AND request_id IS NOT NULL`,
    );
    expect(n).toBe(6);
  });

  it('one enrollment link used five times at once: one configuration, four 410', async () => {
    const profileId = await t.api.createProfile(admin, { name: 'PG', apps: [] });
    const [reserved] = await t.dataSource.query(`SELECT id FROM devices.device WHERE status = 'reserved' LIMIT 1`);
    const { body } = await t.api.provision(admin, profileId, [reserved.id]).expect(200);
    const path = new URL(body.items[0].enrollmentUrl).pathname;
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.http().get(path)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410, 410, 410]);
  });

  it('two bulk provisionings of the same 30 devices at once: one token per device, each batch accounts for all 30', async () => {
    const csv = ['type,model,serial', ...Array.from({ length: 30 }, (_, n) => `tablet,iPad 10,PGP-${n}`)].join('\n');
    await t.api.importCsv(admin, csv);
    const rows = (await t.dataSource.query(`UPDATE devices.device SET status = 'reserved' WHERE serial LIKE 'PGP-%' RETURNING id`)) as [
      Array<{ id: string }>,
      number,
    ];
    const deviceIds = rows[0].map((row) => row.id);
    const profileId = await t.api.createProfile(admin, { name: 'PG bulk', apps: [] });
    const provision = (ids: string[]) => t.api.provision(admin, profileId, ids);
    const answers = await Promise.all([provision(deviceIds), provision([...deviceIds].reverse())]);
    const batches = answers.filter((a) => a.status === 200).map((a) => a.body);
    for (const a of answers) expect([200, 409]).toContain(a.status);
    expect(batches.flatMap((b) => b.items.map((i: { deviceId: string }) => i.deviceId)).sort()).toEqual([...deviceIds].sort());
    for (const b of batches)
      expect(b).toMatchObject({ status: 'finished', total: 30, provisioned: b.items.length, failed: 30 - b.items.length });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM devices.enrollment_token WHERE device_id = ANY($1::uuid[])`, [
      deviceIds,
    ]);
    expect(n).toBe(30);
  });

  it('two returns of one device at once: one return protocol, the other 409', async () => {
    const deviceId = await t.api.register(admin, { type: 'phone', model: 'Pixel 8', serial: 'PG-RETURN' });
    await t.dataSource.query(`UPDATE devices.device SET status = 'handed_over', holder_id = $2 WHERE id = $1`, [deviceId, t.userId(STAFF)]);
    const answers = await Promise.all(Array.from({ length: 2 }, () => t.api.transition(admin, deviceId, 'returned', { wiped: true })));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('RETURN.PENDING');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM devices.device_return WHERE device_id = $1`, [deviceId]);
    expect(n).toBe(1);
  });

  it('the last devices of five kits made ready by hand at once: all succeed, one handover per kit', async () => {
    const kits = await Promise.all(
      Array.from({ length: 5 }, async (_, k) => {
        const ids: string[] = [];
        for (const type of ['laptop', 'phone', 'tablet'])
          ids.push(await t.api.register(admin, { type, model: 'Modell', serial: `PG-KIT-${k}-${type}` }));
        const requestId = await t.api.submitRequest(staff, {
          items: ['laptop', 'phone', 'tablet'].map((type) => ({ type, count: 1 })),
          justification: 'x',
        });
        await t.api.approve(admin, requestId, ids).expect(200);
        return { requestId, ids };
      }),
    );
    const transition = (id: string, to: string) => t.api.transition(admin, id, to);
    for (const id of kits.flatMap((kit) => kit.ids)) await transition(id, 'provisioning').expect(200);
    const answers = await Promise.all(kits.flatMap((kit) => kit.ids).map((id) => transition(id, 'ready')));
    // Each device is its own change: none of them waits on another in a deadlock, none is refused.
    expect(answers.map((a) => a.status)).toEqual(Array(15).fill(200));
    for (const kit of kits) {
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM devices.outbox_event WHERE envelope->>'type' = 'de.amtsweg.devices.handover.requested.v1' AND envelope->'data'->'devices'->0->>'deviceId' = ANY($1::text[])`,
        [kit.ids],
      );
      expect(n).toBe(1);
      const [{ status }] = await t.dataSource.query(`SELECT status FROM devices.device_request WHERE id = $1`, [kit.requestId]);
      expect(status).toBe('handover_requested');
    }
  });

  it('imports 20,000 rows and, the second time, changes nothing', async () => {
    const csv = ['type,model,serial', ...Array.from({ length: 20_000 }, (_, n) => `phone,Samsung Galaxy A55,PGB-${n}`)].join('\n');
    expect(await t.api.importCsv(admin, csv)).toMatchObject({ imported: 20_000, unchanged: 0 });
    expect(await t.api.importCsv(admin, csv)).toMatchObject({ imported: 0, unchanged: 20_000 });
  }, 60_000);
});
