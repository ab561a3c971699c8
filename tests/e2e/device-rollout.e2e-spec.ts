import QRCode from 'qrcode';
import { waitFor } from '@amtsweg/eventing/testing';
import { devicesUnit } from '@amtsweg/devices';
import { messagingUnit } from '@amtsweg/messaging';
import { signaturesUnit } from '@amtsweg/signatures';
import { DevicesApi } from '../../apps/devices/test/devices-api';
import { EnrolledSigner } from '../../apps/signatures/test/enrolled-signer';
import { ENROLLMENT_QR_OPTIONS } from '../../apps/devices/src/provisioning/enrollment-qr';
import { describeComposedProcess } from '../support/composed-process';
import { pendingProtocolsFor } from '../support/signer-inbox';

// Devices is not yet in the gateway's all-in-one start: this test composes its own process.
describeComposedProcess(
  'a device rollout: request → approve → provision → enroll → one signed kit protocol → handed over — %s',
  [signaturesUnit, devicesUnit, messagingUnit],
  ({ http, bearer }) => {
    it('hands the whole kit over with one protocol the employee signed', async () => {
      const api = new DevicesApi(http);
      const admin = await bearer('it-admin@demo.example');
      const staff = await bearer('staff@demo.example');
      const tenant = '/api/v1/tenants/demo';
      const run = Date.now().toString(36).toUpperCase();

      const imported = await api.importCsv(
        admin,
        `type,model,serial,assetTag,imei\nlaptop,Lenovo ThinkPad T14 Gen 5,E2E-${run}-L,INV-${run}-1,\nphone,Samsung Galaxy A55,E2E-${run}-P,INV-${run}-2,490154203237518\n`,
      );
      expect(imported).toMatchObject({ imported: 2, failedCount: 0 });
      const profileId = await api.createProfile(admin, {
        name: `Standard ${run}`,
        wifi: [{ ssid: 'Verwaltung', security: 'WPA3-Enterprise' }],
        apps: ['de.bund.ausweisapp2'],
      });

      const requestId = await api.submitRequest(staff, { justification: 'Neue Stelle im Bürgerbüro', neededBy: '2099-12-31' });
      const { list: inStock } = {
        list: (
          await http()
            .get(`${tenant}/devices`)
            .query({ q: `E2E-${run}` })
            .set('Authorization', admin)
            .expect(200)
        ).body.items as Array<{ id: string }>,
      };
      const approved = await api
        .approve(
          admin,
          requestId,
          inStock.map((d) => d.id),
        )
        .expect(200);
      expect(approved.body.status).toBe('approved');

      const provisioned = await api.provision(admin, profileId, approved.body.deviceIds).expect(200);
      expect(provisioned.body).toMatchObject({ status: 'finished', total: 2, provisioned: 2, failed: 0 });
      const batch = await http().get(`${tenant}/provisioning-batches/${provisioned.body.batchId}`).set('Authorization', admin).expect(200);
      expect(batch.body).toMatchObject({ status: 'finished', total: 2, provisioned: 2 });
      for (const item of provisioned.body.items as Array<{ enrollmentUrl: string; enrollmentQrSvg: string }>) {
        // The QR code an admin prints is exactly the enrollment link's.
        expect(item.enrollmentQrSvg).toBe(await QRCode.toString(item.enrollmentUrl, ENROLLMENT_QR_OPTIONS));
        const enrolled = await http().get(new URL(item.enrollmentUrl).pathname).expect(200);
        expect(enrolled.body.configuration.apps).toEqual(['de.bund.ausweisapp2']);
      }

      // Signatures received the ONE handover for the kit and put one protocol into the employee's inbox.
      const mine = () => api.request(staff, requestId);
      const { handoverId } = await waitFor('the handover requested', mine, (r) => r?.status === 'handover_requested', {
        timeoutMs: 30_000,
      });
      const protocols = await pendingProtocolsFor(http, staff, handoverId, 'the protocol in the employee’s inbox');
      expect(protocols).toHaveLength(1);
      expect(protocols[0].title).toBe('Übergabeprotokoll Geräte-Kit: 1× Laptop, 1× Telefon');

      // The employee confirms a second factor before signing (the tenant's default).
      const staffFactor = await EnrolledSigner.enrol((path, body) => http().post(path).set('Authorization', staff).send(body), 'demo');
      await http()
        .post(`${tenant}/signature-requests/${protocols[0].id}/sign`)
        .set('Authorization', staff)
        .send({ otp: await staffFactor.nextCode() })
        .expect(200);

      await waitFor('the kit handed over', mine, (r) => r?.status === 'handed_over', { timeoutMs: 30_000 });
      const held = await http().get(`${tenant}/devices`).set('Authorization', staff).expect(200);
      const heldIds = (held.body.items as Array<{ id: string; status: string }>).filter((d) => approved.body.deviceIds.includes(d.id));
      expect(heldIds).toHaveLength(2);
      for (const device of heldIds) expect(device.status).toBe('handed_over');

      const rollout = await http().get(`${tenant}/rollout`).set('Authorization', admin).expect(200);
      expect(rollout.body.devicesByStatus.handed_over).toBeGreaterThanOrEqual(2);

      // The return: the it-admin takes the laptop back and signs, in signatures, that it was wiped.
      const [laptopId] = approved.body.deviceIds as string[];
      const started = await http()
        .post(`${tenant}/devices/${laptopId}/transitions`)
        .set('Authorization', admin)
        .send({ to: 'returned', wiped: true, reason: 'Stellenwechsel' })
        .expect(202);
      const returnId = started.body.returnConfirmationId as string;
      const [returnProtocol] = await pendingProtocolsFor(http, admin, returnId, 'the return protocol in the it-admin’s inbox');
      expect(returnProtocol.title).toMatch(/^Rückgabeprotokoll Rückgabe: Laptop E2E-/);
      const adminFactor = await EnrolledSigner.enrol((path, body) => http().post(path).set('Authorization', admin).send(body), 'demo');
      await http()
        .post(`${tenant}/signature-requests/${returnProtocol.id}/sign`)
        .set('Authorization', admin)
        .send({ otp: await adminFactor.nextCode() })
        .expect(200);
      const device = async () => (await http().get(`${tenant}/devices/${laptopId}`).set('Authorization', admin).expect(200)).body;
      const returned = await waitFor('the laptop returned', device, (d) => d.status === 'returned', { timeoutMs: 30_000 });
      expect(returned.lastReturn).toMatchObject({ id: returnId, status: 'signed' });

      // The OpenAPI document names the QR code, the batch's progress and the return's 202.
      const { body: openApi } = await http().get('/api/docs-json').expect(200);
      expect(openApi.components.schemas.ProvisionedDeviceView.properties.enrollmentQrSvg).toMatchObject({ type: 'string' });
      expect(openApi.paths['/api/v1/tenants/{tenant}/provisioning-batches/{id}'].get).toBeDefined();
      expect(openApi.paths['/api/v1/tenants/{tenant}/devices/{id}/transitions'].post.responses['202']).toBeDefined();
      expect(returned.history.at(-1)).toMatchObject({
        from: 'handed_over',
        to: 'returned',
        details: { wiped: true, returnConfirmationId: returnId },
      });
    }, 120_000);
  },
);
