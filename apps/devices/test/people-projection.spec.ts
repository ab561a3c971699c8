import { PersonDeactivatedV1, PersonUpsertedV1 } from '@amtsweg/contracts';
import { newId } from '@amtsweg/platform';
import { devicesProcess } from '../src/devices.process';
import { startDevicesApp, type DevicesTestApp } from './devices-app';

const IT_ADMIN = 'it-admin@demo.example';
const STAFF = 'staff@demo.example';

function personEvent(contract: typeof PersonUpsertedV1 | typeof PersonDeactivatedV1, id: string, active: boolean) {
  return {
    type: contract.type,
    topic: contract.topic,
    source: '/amtsweg/messaging',
    subject: id,
    tenant: 'demo',
    data: { tenant: 'demo', personId: id, email: 'hanna@demo.example', name: 'Hanna Halter', roles: ['staff'], active },
  };
}

describe('devices knows the people from the directory events (embedded database)', () => {
  let t: DevicesTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startDevicesApp();
    admin = await t.bearer(IT_ADMIN);
  }, 60_000);
  afterAll(() => t?.close());

  const handOver = (deviceId: string, holderId: string) =>
    t.dataSource.query(`UPDATE devices.device SET status = 'handed_over', holder_id = $2 WHERE id = $1`, [deviceId, holderId]);

  it('lists to it-admins the devices a deactivated person still holds, and refuses that person’s tokens', async () => {
    const hanna = newId();
    await devicesProcess.deliver!(t.app, [personEvent(PersonUpsertedV1, hanna, true)]);
    const hers = await t.api.register(admin, { type: 'laptop', serial: `H-${hanna.slice(-8)}` });
    const staffs = await t.api.register(admin, { type: 'phone', serial: `S-${hanna.slice(-8)}` });
    await handOver(hers, hanna);
    await handOver(staffs, t.userId(STAFF));
    const token = `Bearer ${await t.token({ tenant: 'demo', roles: ['staff'], sub: hanna })}`;
    await t.http().get('/api/v1/tenants/demo/devices').set('Authorization', token).expect(200);

    const toReturn = () => t.http().get('/api/v1/tenants/demo/devices?holderDeactivated=true').set('Authorization', admin).expect(200);
    expect((await toReturn()).body.items).toEqual([]);

    await devicesProcess.deliver!(t.app, [personEvent(PersonDeactivatedV1, hanna, false)]);
    expect((await toReturn()).body.items.map((device: { id: string }) => device.id)).toEqual([hers]);
    const refused = await t.http().get('/api/v1/tenants/demo/devices').set('Authorization', token).expect(401);
    expect(refused.body.code).toBe('AUTH.PERSON_DEACTIVATED');
    await t.http().get('/api/v1/tenants/demo/devices?holderDeactivated=perhaps').set('Authorization', admin).expect(400);
  });
});
