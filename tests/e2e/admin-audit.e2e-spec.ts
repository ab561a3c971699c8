import { appointmentsUnit } from '@amtsweg/appointments';
import { devicesUnit } from '@amtsweg/devices';
import { waitFor } from '@amtsweg/eventing/testing';
import { messagingUnit } from '@amtsweg/messaging';
import { PlatformConfig } from '@amtsweg/platform';
import { demoUserToken, signTestToken } from '@amtsweg/platform/testing';
import { signaturesUnit } from '@amtsweg/signatures';
import { eventDrivenProcess } from '@amtsweg/eventing';
import request from 'supertest';
import { e2eModes, startProcessForTest, type ComposedProcess } from '../support/composed-process';

interface AuditEntry {
  tenant: string;
  actor: { userId: string; role: string };
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  service: string;
}

/**
 * Issue #16: the admin audit across services — each service records its admin changes through its
 * own outbox, appointments collects them, and both audit routes list them.
 */
describe.each(e2eModes())("one tenant-admin's changes in every service, in one admin audit — %s", (_mode, infra) => {
  let composed: ComposedProcess;
  let config: PlatformConfig;
  const http = () => request(composed.app.getHttpServer());
  const bearer = async (email: string) => `Bearer ${await demoUserToken(config, email)}`;

  beforeAll(async () => {
    composed = await startProcessForTest(
      eventDrivenProcess('amtsweg admin audit (test)', [appointmentsUnit, signaturesUnit, messagingUnit, devicesUnit]),
      infra,
    );
    config = composed.app.get(PlatformConfig);
  }, 120_000);
  afterAll(() => composed?.close(), 60_000);

  it('lists the changes made in appointments, messaging, signatures and devices at the tenant route and the provider route', async () => {
    const admin = await bearer('admin@demo.example');
    await http().put('/api/v1/tenants/demo/messaging-settings').set('authorization', admin).send({ messageRetentionDays: 200 }).expect(200);
    await http()
      .put('/api/v1/tenants/demo/signature-settings')
      .set('authorization', admin)
      .send({ allowEmbeddedFiles: true, requireSecondFactor: true })
      .expect(200);
    await http()
      .put('/api/v1/tenants/demo/device-settings')
      .set('authorization', admin)
      .send({ allowOwnRequestDecision: true })
      .expect(200);
    const settings = (await http().get('/api/v1/tenants/demo/booking-settings').set('authorization', admin).expect(200)).body;
    await http()
      .put('/api/v1/tenants/demo/booking-settings')
      .set('authorization', admin)
      .send({ ...settings, bookingWindowDays: 61 })
      .expect(200);

    const entries = await waitFor(
      'an audit entry from every service',
      async () => (await http().get('/api/v1/tenants/demo/admin-audit').set('authorization', admin).expect(200)).body.items as AuditEntry[],
      (items) => new Set(items.map((item) => item.service)).size === 4,
      { timeoutMs: 30_000 },
    );
    const byAction = Object.fromEntries(entries.map((entry) => [entry.action, entry]));
    expect(byAction['messaging-settings.replaced']).toMatchObject({
      tenant: 'demo',
      actor: { role: 'tenant-admin' },
      service: 'messaging',
      after: { messageRetentionDays: 200 },
    });
    expect(byAction['signature-settings.replaced']).toMatchObject({
      service: 'signatures',
      before: { allowEmbeddedFiles: false },
      after: { allowEmbeddedFiles: true },
    });
    expect(byAction['device-settings.replaced']).toMatchObject({
      service: 'devices',
      before: { allowOwnRequestDecision: false },
      after: { allowOwnRequestDecision: true },
    });
    expect(byAction['booking-settings.replaced']).toMatchObject({ service: 'appointments', after: { bookingWindowDays: 61 } });
    // One admin, the same id in every service.
    expect(new Set(entries.map((entry) => entry.actor.userId)).size).toBe(1);

    // The provider sees them under the tenant; a tenant's token is refused there.
    const provider = `Bearer ${await signTestToken(config, { roles: ['provider-admin'], sub: 'provider-1' })}`;
    const all = (await http().get('/api/v1/admin-audit?tenant=demo').set('authorization', provider).expect(200)).body.items as AuditEntry[];
    expect(all.map((entry) => entry.action)).toEqual(expect.arrayContaining(Object.keys(byAction)));
    await http().get('/api/v1/admin-audit').set('authorization', admin).expect(403);
  });
});
