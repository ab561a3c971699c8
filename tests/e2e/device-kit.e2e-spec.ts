import { waitFor } from '@amtsweg/eventing/testing';
import { devicesUnit } from '@amtsweg/devices';
import { signaturesUnit } from '@amtsweg/signatures';
import { DevicesApi } from '../../apps/devices/test/devices-api';
import { describeComposedProcess } from '../support/composed-process';
import { pendingProtocolsFor } from '../support/signer-inbox';

// Stops at "handover requested" in signatures: signing needs the employee's second factor, not the subject here.
describeComposedProcess(
  'a kit the employee refused is not stuck: swap a device, it gets ready by hand, a new protocol reaches the employee — %s',
  [signaturesUnit, devicesUnit],
  ({ http, bearer }) => {
    it('refuse → swap the laptop → ready by hand → a second protocol for the new kit; asking again while it is pending is 409', async () => {
      const api = new DevicesApi(http);
      const admin = await bearer('it-admin@demo.example');
      const staff = await bearer('staff@demo.example');
      const tenant = '/api/v1/tenants/demo';
      const run = Date.now().toString(36).toUpperCase();
      const register = (type: string, n: number) => api.register(admin, { type, serial: `KIT-${run}-${n}` });
      const [laptop, phone, spare] = [await register('laptop', 1), await register('phone', 2), await register('laptop', 3)];
      const transition = (id: string, to: string) => api.transition(admin, id, to);
      const readyByHand = async (id: string) => {
        await transition(id, 'provisioning').expect(200);
        await transition(id, 'ready').expect(200);
      };

      const requestId = await api.submitRequest(staff, { neededBy: '2099-12-31' });
      await api.approve(admin, requestId, [laptop, phone]).expect(200);
      await readyByHand(laptop);
      await readyByHand(phone);

      const mine = () => api.request(staff, requestId);
      const pendingProtocol = async (handoverId: string) =>
        (await pendingProtocolsFor(http, staff, handoverId, 'the protocol in the employee’s inbox'))[0];

      const first = await waitFor('the handover requested', mine, (r) => r?.status === 'handover_requested', { timeoutMs: 30_000 });
      const firstProtocol = await pendingProtocol(first.handoverId);
      await http()
        .post(`${tenant}/signature-requests/${firstProtocol.id}/reject`)
        .set('Authorization', staff)
        .send({ reason: 'Display gesprungen' })
        .expect(200);
      const refused = await waitFor('the refusal back in devices', mine, (r) => r?.status === 'approved', { timeoutMs: 30_000 });
      expect(refused.handoverFailure).toBe('Übergabe abgelehnt: Display gesprungen');

      const swapped = await http()
        .put(`${tenant}/device-requests/${requestId}/devices/${spare}`)
        .set('Authorization', admin)
        .send({ replaces: laptop, reason: 'Display gesprungen' })
        .expect(200);
      expect(swapped.body.deviceIds).toEqual([phone, spare].sort());
      await transition(laptop, 'in_repair').expect(422);
      await http()
        .post(`${tenant}/devices/${laptop}/transitions`)
        .set('Authorization', admin)
        .send({ to: 'in_repair', reason: 'Display tauschen' })
        .expect(200);

      await readyByHand(spare);
      const second = await waitFor('the handover requested again', mine, (r) => r?.status === 'handover_requested', { timeoutMs: 30_000 });
      expect(second.handoverId).not.toBe(first.handoverId);
      const secondProtocol = await pendingProtocol(second.handoverId);
      expect(secondProtocol.id).not.toBe(firstProtocol.id);
      expect(
        (await http().post(`${tenant}/device-requests/${requestId}/handover`).set('Authorization', admin).send().expect(409)).body.code,
      ).toBe('DEVICE_REQUEST.HANDOVER_PENDING');
    }, 120_000);
  },
);
