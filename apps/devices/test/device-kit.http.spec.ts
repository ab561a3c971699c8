import { SignatureRequestRejectedV1 } from '@amtsweg/contracts';
import { EVENT_BUS, type EventBus } from '@amtsweg/eventing';
import { waitFor } from '@amtsweg/eventing/testing';
import { newId } from '@amtsweg/platform';
import { outboxEvents, startKitSuite, type DevicesTestApp } from './devices-app';
import { answerAsSignatures, handoverProtocol } from './signatures-answers';

const IT_ADMIN = 'it-admin@demo.example';
const STAFF = 'staff@demo.example';
const HANDOVER_REQUESTED = 'de.amtsweg.devices.handover.requested.v1';

/** Kits that do not get stuck: ask for the handover again, swap or drop a device, and any path to ready starts the handover. */
describe('the device kit after approval (embedded database)', () => {
  let t: DevicesTestApp;
  let admin: string;
  let staff: string;
  let profileId: string;

  beforeAll(async () => {
    ({ t, admin, staff, profileId } = await startKitSuite({
      name: 'Kit',
      wifi: [],
      mail: { protocol: 'imap', server: 'mail.demo.example' },
      apps: [],
    }));
  }, 60_000);
  afterAll(() => t?.close());

  let serialNo = 0;
  const stock = (type: string): Promise<string> => t.api.register(admin, { type, serial: `KIT2-${++serialNo}` });
  async function approvedKit(): Promise<{ requestId: string; laptop: string; phone: string }> {
    const laptop = await stock('laptop');
    const phone = await stock('phone');
    const requestId = await t.api.submitRequest(staff);
    await t.api.approve(admin, requestId, [laptop, phone]).expect(200);
    return { requestId, laptop, phone };
  }
  const transition = (id: string, to: string, reason?: string) => t.api.transition(admin, id, to, reason ? { reason } : {});
  const readyByHand = async (id: string) => {
    await transition(id, 'provisioning').expect(200);
    await transition(id, 'ready').expect(200);
  };
  const enrolled = async (ids: string[]) => {
    const { body } = await t.api.provision(admin, profileId, ids).expect(200);
    for (const item of body.items) await t.http().get(new URL(item.enrollmentUrl).pathname).expect(200);
  };
  const request = (id: string) => t.api.request(admin, id);
  const device = (id: string) => t.api.device(admin, id);
  const handoversOf = async (requestId: string) => {
    const kitIds = new Set((await request(requestId)).deviceIds as string[]);
    return (await outboxEvents(t.dataSource)).filter(
      (e) => e.type === HANDOVER_REQUESTED && (e.data.devices as Array<{ deviceId: string }>).some((d) => kitIds.has(d.deviceId)),
    );
  };
  const askAgain = (requestId: string) =>
    t.http().post(`/api/v1/tenants/demo/device-requests/${requestId}/handover`).set('Authorization', admin).send();
  const putDevice = (requestId: string, deviceId: string, body: Record<string, unknown> = {}) =>
    t.http().put(`/api/v1/tenants/demo/device-requests/${requestId}/devices/${deviceId}`).set('Authorization', admin).send(body);
  const dropDevice = (requestId: string, deviceId: string, reason?: string) =>
    t
      .http()
      .delete(`/api/v1/tenants/demo/device-requests/${requestId}/devices/${deviceId}`)
      .query(reason ? { reason } : {})
      .set('Authorization', admin);
  const refuse = (handoverId: string) =>
    answerAsSignatures(t.app.get<EventBus>(EVENT_BUS), SignatureRequestRejectedV1, {
      ...handoverProtocol(handoverId, t.userId(IT_ADMIN)),
      step: 1,
      rejectedBy: t.userId(STAFF),
      reason: 'Display gesprungen',
      rejectedAt: new Date().toISOString(),
    });
  async function refusedKit(): Promise<{ requestId: string; laptop: string; phone: string; refusedHandoverId: string }> {
    const kit = await approvedKit();
    await enrolled([kit.laptop, kit.phone]);
    const { handoverId } = await request(kit.requestId);
    expect(handoverId).toEqual(expect.any(String));
    await refuse(handoverId);
    await waitFor(
      'the handover refused',
      () => request(kit.requestId),
      (r) => r.status === 'approved',
    );
    return { ...kit, refusedHandoverId: handoverId };
  }

  it('asks for the handover again after the employee refused: a new handover for the same ready kit; a second ask while it is pending is 409', async () => {
    const { requestId, laptop, phone, refusedHandoverId } = await refusedKit();
    const again = await askAgain(requestId);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'handover_requested', handoverFailure: null });
    expect(again.body.handoverId).not.toBe(refusedHandoverId);
    const handovers = await handoversOf(requestId);
    expect(handovers.map((e) => e.data.handoverId)).toEqual([refusedHandoverId, again.body.handoverId]);
    expect((handovers[1].data.devices as Array<{ deviceId: string }>).map((d) => d.deviceId).sort()).toEqual([laptop, phone].sort());

    expect((await askAgain(requestId).expect(409)).body.code).toBe('DEVICE_REQUEST.HANDOVER_PENDING');
    await t.http().post(`/api/v1/tenants/demo/device-requests/${requestId}/handover`).set('Authorization', staff).send().expect(403);
    await t.http().post(`/api/v1/tenants/demo/device-requests/${newId()}/handover`).set('Authorization', admin).send().expect(404);
  });

  it('refuses to ask for a handover while the kit is not ready (409 DEVICE_REQUEST.KIT_NOT_READY) or the request is not approved (409 DEVICE_REQUEST.NOT_APPROVED)', async () => {
    const { requestId } = await approvedKit();
    expect((await askAgain(requestId).expect(409)).body.code).toBe('DEVICE_REQUEST.KIT_NOT_READY');
    const submitted = await t.api.submitRequest(staff, { items: [{ type: 'tablet', count: 1 }], justification: 'x' });
    expect((await askAgain(submitted).expect(409)).body.code).toBe('DEVICE_REQUEST.NOT_APPROVED');
  });

  it('starts the handover when the last device of a kit becomes ready by hand, not only by enrollment', async () => {
    const { requestId, laptop, phone } = await approvedKit();
    await readyByHand(laptop);
    expect((await request(requestId)).status).toBe('approved');
    await readyByHand(phone);
    const requested = await request(requestId);
    expect(requested.status).toBe('handover_requested');
    expect((await handoversOf(requestId)).map((e) => e.data.handoverId)).toEqual([requested.handoverId]);
  });

  it('swaps a device of a refused kit: the new one is reserved, the old one back in stock with the reason; once it is ready the handover starts again', async () => {
    const { requestId, laptop, phone } = await refusedKit();
    const spare = await stock('laptop');
    const swapped = await putDevice(requestId, spare, { replaces: laptop, reason: 'Display gesprungen' });
    expect(swapped.status).toBe(200);
    expect(swapped.body).toMatchObject({ status: 'approved', deviceIds: [phone, spare].sort() });
    const old = await device(laptop);
    expect(old.status).toBe('in_stock');
    expect(old.history.at(-1)).toMatchObject({
      from: 'ready',
      to: 'in_stock',
      actor: t.userId(IT_ADMIN),
      reason: 'Display gesprungen',
      details: { requestId, replacedBy: spare },
    });
    const added = await device(spare);
    expect(added.status).toBe('reserved');
    expect(added.history.at(-1)).toMatchObject({ from: 'in_stock', to: 'reserved', details: { requestId, replaces: laptop } });
    // putting the same device in again changes nothing
    expect((await putDevice(requestId, spare).expect(200)).body.deviceIds).toEqual([phone, spare].sort());

    await readyByHand(spare);
    const requested = await request(requestId);
    expect(requested.status).toBe('handover_requested');
    const latest = (await handoversOf(requestId)).at(-1)!;
    expect(latest.data.handoverId).toBe(requested.handoverId);
    expect((latest.data.devices as Array<{ deviceId: string }>).map((d) => d.deviceId).sort()).toEqual([phone, spare].sort());
  });

  it('drops a device from a kit (back in stock, reason in the history); an incomplete kit starts no handover until a device fills its place', async () => {
    const { requestId, laptop, phone } = await approvedKit();
    const dropped = await dropDevice(requestId, laptop, 'Tastatur fehlt');
    expect(dropped.status).toBe(200);
    expect(dropped.body).toMatchObject({ status: 'approved', deviceIds: [phone] });
    expect((await device(laptop)).history.at(-1)).toMatchObject({
      from: 'reserved',
      to: 'in_stock',
      reason: 'Tastatur fehlt',
      details: { requestId },
    });
    expect((await device(laptop)).status).toBe('in_stock');

    await readyByHand(phone);
    expect((await request(requestId)).status).toBe('approved');
    expect((await askAgain(requestId).expect(409)).body.code).toBe('DEVICE_REQUEST.KIT_NOT_READY');

    // the place can be filled only by a device of the type the kit misses, from stock
    const tablet = await stock('tablet');
    expect((await putDevice(requestId, tablet).expect(422)).body.code).toBe('DEVICE_REQUEST.DEVICES_DO_NOT_MATCH');
    const extraPhone = await stock('phone');
    expect((await putDevice(requestId, extraPhone).expect(422)).body.code).toBe('DEVICE_REQUEST.DEVICES_DO_NOT_MATCH');
    const retired = await stock('laptop');
    await transition(retired, 'retired', 'Bei Lieferung defekt').expect(200);
    expect((await putDevice(requestId, retired).expect(409)).body.code).toBe('DEVICE_REQUEST.DEVICE_NOT_IN_STOCK');
    expect((await putDevice(requestId, newId()).expect(404)).body.code).toBe('DEVICE.NOT_FOUND');
    expect((await dropDevice(requestId, laptop).expect(404)).body.code).toBe('DEVICE_REQUEST.DEVICE_NOT_IN_KIT');

    const { body: filled } = await putDevice(requestId, laptop).expect(200);
    expect(filled.deviceIds).toEqual([laptop, phone].sort());
    await readyByHand(laptop);
    expect((await request(requestId)).status).toBe('handover_requested');
    // a kit whose handover is pending does not change
    expect((await dropDevice(requestId, laptop).expect(409)).body.code).toBe('DEVICE_REQUEST.HANDOVER_PENDING');
    expect((await transition(laptop, 'in_stock', 'x').expect(409)).body.code).toBe('DEVICE_REQUEST.HANDOVER_PENDING');
    await putDevice(requestId, laptop).set('Authorization', staff).expect(403);
  });

  it('a device taken out of a kit while it is provisioning: its printed enrollment link no longer works, not even after it rejoins a kit', async () => {
    const { requestId, laptop } = await approvedKit();
    const { body } = await t.api.provision(admin, profileId, [laptop]).expect(200);
    const oldLink = new URL(body.items[0].enrollmentUrl).pathname;
    await dropDevice(requestId, laptop, 'Falsches Modell').expect(200);
    expect((await device(laptop)).history.at(-1)).toMatchObject({ from: 'provisioning', to: 'in_stock', reason: 'Falsches Modell' });
    await putDevice(requestId, laptop).expect(200);
    await t.api.provision(admin, profileId, [laptop]).expect(200);
    expect((await t.http().get(oldLink).expect(410)).body.code).toBe('ENROLLMENT.GONE');
  });

  it('knows the missing lifecycle edges, each with its reason in the history: broken on delivery, release, lost and found, in repair', async () => {
    const broken = await stock('laptop');
    await transition(broken, 'retired', 'Bei Lieferung defekt').expect(200);
    const released = await stock('laptop');
    await transition(released, 'reserved').expect(200);
    await transition(released, 'in_stock', 'Reservierung aufgehoben').expect(200);
    const lost = await stock('phone');
    await transition(lost, 'lost', 'Im Zug liegen gelassen').expect(200);
    await transition(lost, 'in_stock', 'Fundbüro').expect(200);
    const repaired = await stock('tablet');
    await transition(repaired, 'in_repair', 'Akku defekt').expect(200);
    await transition(repaired, 'in_stock', 'Akku getauscht').expect(200);
    expect((await transition(repaired, 'in_repair').expect(422)).body.code).toBe('DEVICE.REASON_REQUIRED');

    expect((await device(broken)).history.map((h: { to: string; reason: string | null }) => [h.to, h.reason])).toEqual([
      ['in_stock', null],
      ['retired', 'Bei Lieferung defekt'],
    ]);
    expect((await device(released)).history.at(-1)).toMatchObject({ from: 'reserved', to: 'in_stock', reason: 'Reservierung aufgehoben' });
    expect((await device(lost)).history.slice(1).map((h: { to: string; reason: string | null }) => [h.to, h.reason])).toEqual([
      ['lost', 'Im Zug liegen gelassen'],
      ['in_stock', 'Fundbüro'],
    ]);
    expect((await device(repaired)).history.slice(1).map((h: { to: string; reason: string | null }) => [h.to, h.reason])).toEqual([
      ['in_repair', 'Akku defekt'],
      ['in_stock', 'Akku getauscht'],
    ]);
    // a device in a kit leaves it only through the kit (or its release to stock), not into repair
    const { laptop } = await approvedKit();
    expect((await transition(laptop, 'in_repair', 'x').expect(409)).body.code).toBe('DEVICE.TRANSITION_NOT_ALLOWED');
  });
});
