import { createHash } from 'node:crypto';
import { appointmentsProcess } from '../../apps/appointments/src/appointments.process';
import { DEMO_IDS } from '../../apps/appointments/src/seed/demo-data';
import { startAppointmentsTestApp, type AppointmentsTestApp } from '../../apps/appointments/test/appointments-test-app';
import { startMessagingApp, type MessagingTestApp } from '../../apps/messaging/test/messaging-app';
import { demoUserId, outboxEvents, type OutboxEvent } from '@amtsweg/platform/testing';
import { startLocalOidcServer, type LocalOidcIssuer } from '../support/local-oidc-issuer';

const ADMIN = 'admin@demo.example';
const MAPPING = { 'amtsweg-clerk': 'clerk', 'amtsweg-staff': 'staff', 'amtsweg-admin': 'tenant-admin' };
const MITTE = DEMO_IDS.offices.demoMitte;
const RATHAUS = DEMO_IDS.offices.musterRathaus;

/**
 * OIDC per tenant at appointments: it learns the municipalities' issuers and the people from
 * messaging's events (`messaging.tenant-identity`, `messaging.person`) and finds a token's person by
 * a hash of the verified address (it keeps no staff addresses) — so a clerk signed in with their
 * municipality's own issuer reads the day list, and nobody else gets in with such a token.
 */
describe("sign-in with the municipality's own identity provider at appointments (embedded database)", () => {
  let oidc: Awaited<ReturnType<typeof startLocalOidcServer>>;
  let demoIssuer: LocalOidcIssuer;
  let musterIssuer: LocalOidcIssuer;
  let messaging: MessagingTestApp;
  let appointments: AppointmentsTestApp;

  beforeAll(async () => {
    oidc = await startLocalOidcServer();
    demoIssuer = await oidc.realm('demo');
    musterIssuer = await oidc.realm('muster');
    messaging = await startMessagingApp();
    appointments = await startAppointmentsTestApp();
  }, 90_000);
  afterAll(async () => {
    await appointments?.close();
    await messaging?.close();
    await oidc?.close();
  });

  const configure = async (tenant: string, bearer: string, issuer: LocalOidcIssuer) =>
    messaging
      .http()
      .put(`/api/v1/tenants/${tenant}/identity`)
      .set({ Authorization: bearer })
      .send({ issuer: issuer.issuer, audience: 'amtsweg', clientId: 'amtsweg-web', rolesClaim: 'realm_access.roles', roleMapping: MAPPING })
      .expect(200);
  const token = (issuer: LocalOidcIssuer, email: string, roles: string[]) =>
    issuer.sign({ sub: `kc-${email}`, email, email_verified: true, name: 'Kai Keycloak', realm_access: { roles } });
  const dayList = (tenant: string, office: string, bearer: string) =>
    appointments.http().get(`/api/v1/tenants/${tenant}/offices/${office}/bookings?date=2026-12-01`).set({ Authorization: bearer });
  const me = (bearer: string) => messaging.http().get('/api/v1/tenants/demo/people/me').set({ Authorization: bearer });
  /** Messaging's events of this subject, as its relay would publish them, delivered to appointments. */
  const relayToAppointments = async (subject: string, types?: string[]) => {
    const events = (await outboxEvents(messaging.dataSource, subject)).filter((event) => !types || types.includes(event.type));
    await appointmentsProcess.deliver!(appointments.app, events.map(foreign));
  };

  it("lets a clerk of the tenant's issuer read the day list once appointments has the configuration (the person found by address hash)", async () => {
    await configure('demo', await messaging.bearer(ADMIN), demoIssuer);
    const clerk = `Bearer ${await token(demoIssuer, 'Clerk@Demo.example', ['amtsweg-clerk', 'amtsweg-staff'])}`;
    // Appointments has not heard of demo's issuer yet.
    const early = await dayList('demo', MITTE, clerk);
    expect([early.status, early.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
    await relayToAppointments('demo', ['de.amtsweg.messaging.tenant.identity-configured.v1']);

    const answer = await dayList('demo', MITTE, clerk);
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.body.items)).toBe(true);
    await appointments.http().get('/api/v1/tenants/demo/offices').set({ Authorization: clerk }).expect(200);

    // The copy keeps the clerk's address as a SHA-256 of the lower-cased address only — no address anywhere.
    const keys: Array<{ person_id: string; email_key: string }> = await appointments.dataSource.query(
      `SELECT person_id, email_key FROM appointments.tenant_person_key WHERE tenant = 'demo' AND person_id = $1`,
      [demoUserId('clerk@demo.example')],
    );
    expect(keys).toEqual([
      { person_id: demoUserId('clerk@demo.example'), email_key: createHash('sha256').update('clerk@demo.example').digest('hex') },
    ]);
    const addresses: unknown[] = await appointments.dataSource.query(
      `SELECT 1 FROM appointments.tenant_person_key WHERE email_key LIKE '%@%'`,
    );
    expect(addresses).toEqual([]);

    // The mapped roles decide: a token mapped to staff only is no clerk.
    const staff = await dayList('demo', MITTE, `Bearer ${await token(demoIssuer, 'clerk@demo.example', ['amtsweg-staff'])}`);
    expect([staff.status, staff.body.code]).toEqual([403, 'AUTH.ROLE_REQUIRED']);
  });

  it("refuses another tenant's issuer: never into demo, whatever address its token names, and demo's issuer never into muster", async () => {
    const provider = `Bearer ${await messaging.token({ roles: ['provider-admin'], sub: 'operator-1' })}`;
    await configure('muster', provider, musterIssuer);
    await relayToAppointments('muster', ['de.amtsweg.messaging.tenant.identity-configured.v1']);
    // Muster's issuer naming demo's clerk: a muster person at most, and muster has no such person.
    const intoDemo = await dayList('demo', MITTE, `Bearer ${await token(musterIssuer, 'clerk@demo.example', ['amtsweg-clerk'])}`);
    expect(intoDemo.status).toBe(401);
    expect(intoDemo.body.code).toBe('AUTH.PERSON_NOT_PROVISIONED');
    const demoClerk = `Bearer ${await token(demoIssuer, 'clerk@demo.example', ['amtsweg-clerk'])}`;
    const intoMuster = await dayList('muster', RATHAUS, demoClerk);
    expect(intoMuster.status).toBe(404);
    // An issuer no tenant configured.
    const stranger = await oidc.realm('stranger');
    const unknown = await dayList('demo', MITTE, `Bearer ${await token(stranger, 'clerk@demo.example', ['amtsweg-clerk'])}`);
    expect([unknown.status, unknown.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
  });

  it('answers a person messaging created a moment ago 401 AUTH.PERSON_NOT_PROVISIONED until their person.upserted arrives', async () => {
    const newcomer = `Bearer ${await token(demoIssuer, 'neu.dora@demo.example', ['amtsweg-clerk'])}`;
    const created = await me(newcomer).expect(200);
    const early = await dayList('demo', MITTE, newcomer);
    expect([early.status, early.body.code]).toEqual([401, 'AUTH.PERSON_NOT_PROVISIONED']);
    await relayToAppointments(created.body.id);
    await dayList('demo', MITTE, newcomer).expect(200);
  });

  it("refuses a deactivated person's tokens (401 AUTH.PERSON_DEACTIVATED), of the tenant's issuer and of the platform alike", async () => {
    const email = 'weg.emil@demo.example';
    const bearer = `Bearer ${await token(demoIssuer, email, ['amtsweg-clerk'])}`;
    const person = await me(bearer).expect(200);
    await relayToAppointments(person.body.id);
    await dayList('demo', MITTE, bearer).expect(200);
    const platform = `Bearer ${await appointments.token({ sub: person.body.id, tenant: 'demo', roles: ['clerk'], email })}`;
    await dayList('demo', MITTE, platform).expect(200);

    await messaging
      .http()
      .patch(`/api/v1/tenants/demo/people/${person.body.id}`)
      .set({ Authorization: await messaging.bearer(ADMIN) })
      .send({ active: false })
      .expect(200);
    await relayToAppointments(person.body.id);
    const refused = await dayList('demo', MITTE, bearer);
    expect([refused.status, refused.body.code]).toEqual([401, 'AUTH.PERSON_DEACTIVATED']);
    const refusedPlatform = await dayList('demo', MITTE, platform);
    expect([refusedPlatform.status, refusedPlatform.body.code]).toEqual([401, 'AUTH.PERSON_DEACTIVATED']);
  });

  it("refuses the tenant's issuer again once the configuration is removed", async () => {
    const clerk = `Bearer ${await token(demoIssuer, 'clerk@demo.example', ['amtsweg-clerk'])}`;
    await dayList('demo', MITTE, clerk).expect(200);
    await messaging
      .http()
      .delete('/api/v1/tenants/demo/identity')
      .set({ Authorization: await messaging.bearer(ADMIN) })
      .expect(204);
    await relayToAppointments('demo', ['de.amtsweg.messaging.tenant.identity-removed.v1']);
    const refused = await dayList('demo', MITTE, clerk);
    expect([refused.status, refused.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
  });
});

function foreign(event: OutboxEvent) {
  return {
    type: event.type,
    topic: event.type.includes('.tenant.identity-') ? 'messaging.tenant-identity' : 'messaging.person',
    source: '/amtsweg/messaging',
    subject: event.subject,
    tenant: event.tenantid,
    data: event.data,
  };
}
