import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ServiceUnit } from '@amtsweg/platform';
import { infrastructureFromEnv, waitFor } from '@amtsweg/eventing/testing';
import { devicesUnit } from '@amtsweg/devices';
import { signaturesUnit } from '@amtsweg/signatures';
import { DevIdentityModule } from '../../apps/gateway/src/dev-identity/dev-identity.module';
import { startComposedProcess, type ComposedProcess } from '../support/composed-process';

const infrastructure = infrastructureFromEnv();
const modes = [
  ['embedded (PGlite, in-process bus)', undefined] as const,
  ...(infrastructure ? ([['Kafka and PostgreSQL', infrastructure]] as const) : []),
];

const identityUnit: ServiceUnit = { name: 'gateway', module: DevIdentityModule };

// Stops at "handover requested" in signatures: signing needs the employee's second factor, not the subject here.
describe.each(modes)(
  'a kit the employee refused is not stuck: swap a device, it gets ready by hand, a new protocol reaches the employee — %s',
  (_mode, infra) => {
    let composed: ComposedProcess;
    let app: INestApplication;

    beforeAll(async () => {
      composed = await startComposedProcess('amtsweg device kit (test)', [identityUnit, signaturesUnit, devicesUnit], infra);
      ({ app } = composed);
    }, 120_000);

    afterAll(() => composed?.close(), 60_000);

    it('refuse → swap the laptop → ready by hand → a second protocol for the new kit; asking again while it is pending is 409', async () => {
      const http = () => request(app.getHttpServer());
      const bearer = async (email: string) =>
        `Bearer ${(await http().post('/api/v1/dev/token').send({ email }).expect(200)).body.access_token}`;
      const admin = await bearer('it-admin@demo.example');
      const staff = await bearer('staff@demo.example');
      const tenant = '/api/v1/tenants/demo';
      const run = Date.now().toString(36).toUpperCase();
      const register = async (type: string, n: number) =>
        (
          await http()
            .post(`${tenant}/devices`)
            .set('Authorization', admin)
            .send({ type, model: `Modell ${type}`, serial: `KIT-${run}-${n}` })
            .expect(201)
        ).body.id as string;
      const [laptop, phone, spare] = [await register('laptop', 1), await register('phone', 2), await register('laptop', 3)];
      const transition = (id: string, to: string) =>
        http().post(`${tenant}/devices/${id}/transitions`).set('Authorization', admin).send({ to });
      const readyByHand = async (id: string) => {
        await transition(id, 'provisioning').expect(200);
        await transition(id, 'ready').expect(200);
      };

      const submitted = await http()
        .post(`${tenant}/device-requests`)
        .set('Authorization', staff)
        .send({
          items: [
            { type: 'laptop', count: 1 },
            { type: 'phone', count: 1 },
          ],
          justification: 'Neue Stelle',
          neededBy: '2099-12-31',
        })
        .expect(201);
      const requestId = submitted.body.id as string;
      await http()
        .post(`${tenant}/device-requests/${requestId}/approve`)
        .set('Authorization', admin)
        .send({ deviceIds: [laptop, phone] })
        .expect(200);
      await readyByHand(laptop);
      await readyByHand(phone);

      const mine = async () =>
        (await http().get(`${tenant}/device-requests`).set('Authorization', staff).expect(200)).body.items.find(
          (r: { id: string }) => r.id === requestId,
        );
      const pendingProtocol = (handoverId: string) =>
        waitFor(
          'the protocol in the employee’s inbox',
          async () =>
            (
              await http()
                .get(`${tenant}/signature-requests`)
                .query({ as: 'signer', status: 'pending' })
                .set('Authorization', staff)
                .expect(200)
            ).body.items as Array<{
              id: string;
              handoverId?: string;
            }>,
          (items) => items.some((item) => item.handoverId === handoverId),
          { timeoutMs: 30_000 },
        ).then((items) => items.find((item) => item.handoverId === handoverId)!);

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
