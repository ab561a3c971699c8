import { signaturesProcess } from '../../apps/signatures/src/signatures.process';
import { startSignaturesApp, type SignaturesTestApp } from '../../apps/signatures/test/signatures-app';
import { startMessagingApp, type MessagingTestApp } from '../../apps/messaging/test/messaging-app';
import { demoUserId, outboxEvents, type OutboxEvent } from '@amtsweg/platform/testing';
import { startLocalOidcServer, type LocalOidcIssuer } from '../support/local-oidc-issuer';

const ADMIN = 'admin@demo.example';
const MUSTER_ADMIN = 'admin@muster.example';
const KEYCLOAK_MAPPING = { 'amtsweg-clerk': 'clerk', 'amtsweg-staff': 'staff', 'amtsweg-admin': 'tenant-admin' };

/**
 * OIDC per tenant: a municipality's own issuer (a local one here: discovery and keys on 127.0.0.1)
 * signs in the people of that municipality only — at messaging, which owns the configuration and the
 * directory, and at signatures, which learns both from messaging's events.
 */
describe("sign-in with the municipality's own identity provider (embedded database)", () => {
  let oidc: Awaited<ReturnType<typeof startLocalOidcServer>>;
  let demoIssuer: LocalOidcIssuer;
  let musterIssuer: LocalOidcIssuer;
  let messaging: MessagingTestApp;
  let signatures: SignaturesTestApp;

  beforeAll(async () => {
    oidc = await startLocalOidcServer();
    demoIssuer = await oidc.realm('demo');
    musterIssuer = await oidc.realm('muster');
    messaging = await startMessagingApp();
    signatures = await startSignaturesApp();
  }, 90_000);
  afterAll(async () => {
    await signatures?.close();
    await messaging?.close();
    await oidc?.close();
  });

  const configure = async (tenant: string, bearer: string, body: object) =>
    messaging.http().put(`/api/v1/tenants/${tenant}/identity`).set({ Authorization: bearer }).send(body);
  const keycloak = (issuer: LocalOidcIssuer) => ({
    issuer: issuer.issuer,
    audience: 'amtsweg',
    clientId: 'amtsweg-web',
    rolesClaim: 'realm_access.roles',
    roleMapping: KEYCLOAK_MAPPING,
  });
  const keycloakToken = (issuer: LocalOidcIssuer, email: string, roles: string[], extra: object = {}) =>
    issuer.sign({ sub: `kc-${email}`, email, email_verified: true, name: 'Kai Keycloak', realm_access: { roles }, ...extra });
  const me = (tenant: string, token: string) =>
    messaging
      .http()
      .get(`/api/v1/tenants/${tenant}/people/me`)
      .set({ Authorization: `Bearer ${token}` });
  /** Messaging's events of this subject, as its relay would publish them, delivered to signatures. */
  const relayToSignatures = async (subject: string, types?: string[]) => {
    const events = (await outboxEvents(messaging.dataSource, subject)).filter((event) => !types || types.includes(event.type));
    await signaturesProcess.deliver!(signatures.app, events.map(foreign));
  };

  it('lets a tenant-admin configure the issuer: 200 with the stored configuration, GET, the public sign-in answer, and the event', async () => {
    const put = await configure('demo', await messaging.bearer(ADMIN), keycloak(demoIssuer));
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...keycloak(demoIssuer), emailVerified: 'claim' });
    const got = await messaging
      .http()
      .get('/api/v1/tenants/demo/identity')
      .set({ Authorization: await messaging.bearer(ADMIN) });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(put.body);
    const signIn = await messaging.http().get('/api/v1/tenants/demo/identity/sign-in').expect(200);
    expect(signIn.body).toEqual({ issuer: demoIssuer.issuer, clientId: 'amtsweg-web' });
    const events = await outboxEvents(messaging.dataSource, 'demo');
    const configured = events.filter((event) => event.type === 'de.amtsweg.messaging.tenant.identity-configured.v1');
    expect(configured.at(-1)?.data).toMatchObject({ tenant: 'demo', issuer: demoIssuer.issuer, roleMapping: KEYCLOAK_MAPPING });

    const none = await messaging
      .http()
      .get('/api/v1/tenants/muster/identity')
      .set({ Authorization: await messaging.bearer(MUSTER_ADMIN) });
    expect([none.status, none.body.code]).toEqual([404, 'IDENTITY.NOT_CONFIGURED']);
    expect((await messaging.http().get('/api/v1/tenants/muster/identity/sign-in')).body.code).toBe('IDENTITY.NOT_CONFIGURED');
  });

  it('refuses what it cannot trust: an issuer of another tenant (409), plain http elsewhere than localhost, unknown roles (422), staff (403)', async () => {
    const taken = await configure('muster', await messaging.bearer(MUSTER_ADMIN), keycloak(demoIssuer));
    expect([taken.status, taken.body.code]).toEqual([409, 'IDENTITY.ISSUER_TAKEN']);
    const http = await configure('muster', await messaging.bearer(MUSTER_ADMIN), {
      ...keycloak(musterIssuer),
      issuer: 'http://login.muster.example',
    });
    expect([http.status, http.body.code]).toEqual([422, 'IDENTITY.INVALID_ISSUER']);
    const roles = await configure('muster', await messaging.bearer(MUSTER_ADMIN), {
      ...keycloak(musterIssuer),
      roleMapping: { x: 'provider-admin' },
    });
    expect([roles.status, roles.body.code]).toEqual([422, 'IDENTITY.INVALID_ROLE_MAPPING']);
    const staff = await configure('muster', await messaging.bearer('staff@muster.example'), keycloak(musterIssuer));
    expect([staff.status, staff.body.code]).toEqual([403, 'AUTH.ROLE_REQUIRED']);
    const otherTenant = await configure('muster', await messaging.bearer(ADMIN), keycloak(musterIssuer));
    expect(otherTenant.status).toBe(404);
  });

  it('lets a provider-admin configure a municipality (no tenant in their token)', async () => {
    const provider = `Bearer ${await messaging.token({ roles: ['provider-admin'], sub: 'operator-1' })}`;
    expect((await configure('muster', provider, { ...keycloak(musterIssuer), rolesClaim: 'roles', emailVerified: 'trusted' })).status).toBe(
      200,
    );
    const got = await messaging.http().get('/api/v1/tenants/muster/identity').set({ Authorization: provider }).expect(200);
    expect(got.body).toMatchObject({ issuer: musterIssuer.issuer, rolesClaim: 'roles', emailVerified: 'trusted' });
  });

  it('signs a known person in with their directory id and the mapped roles (unmapped values ignored), at messaging', async () => {
    const token = await keycloakToken(demoIssuer, 'Clerk@Demo.example', ['amtsweg-clerk', 'amtsweg-staff', 'offline_access']);
    const answer = await me('demo', token).expect(200);
    expect(answer.body).toEqual({
      id: demoUserId('clerk@demo.example'),
      name: expect.any(String),
      email: 'clerk@demo.example',
      roles: ['clerk', 'staff'],
    });
    // The roles decide, as with the platform issuer: a clerk is no tenant-admin.
    const admin = await messaging
      .http()
      .get('/api/v1/tenants/demo/identity')
      .set({ Authorization: `Bearer ${token}` });
    expect([admin.status, admin.body.code]).toEqual([403, 'AUTH.ROLE_REQUIRED']);
  });

  it('refuses an unverified address, a wrong audience, and a token of an issuer nobody configured (401)', async () => {
    const unverified = await me(
      'demo',
      await keycloakToken(demoIssuer, 'clerk@demo.example', ['amtsweg-clerk'], { email_verified: false }),
    );
    expect([unverified.status, unverified.body.code]).toEqual([401, 'AUTH.EMAIL_NOT_VERIFIED']);
    const noClaim = await me('demo', await demoIssuer.sign({ sub: 'x', email: 'clerk@demo.example', realm_access: { roles: [] } }));
    expect(noClaim.body.code).toBe('AUTH.EMAIL_NOT_VERIFIED');
    const audience = await me('demo', await keycloakToken(demoIssuer, 'clerk@demo.example', [], { aud: 'another-app' }));
    expect([audience.status, audience.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
    const stranger = await oidc.realm('stranger');
    const unknown = await me('demo', await keycloakToken(stranger, 'clerk@demo.example', ['amtsweg-clerk'], { tenant: 'demo' }));
    expect([unknown.status, unknown.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
  });

  it("never lets a tenant's issuer act in another tenant, whatever the token claims", async () => {
    const demoToken = await keycloakToken(demoIssuer, 'clerk@demo.example', ['amtsweg-clerk']);
    const elsewhere = await me('muster', demoToken);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'TENANT.NOT_FOUND']);
    // Muster's issuer (Entra-like: `roles`, no email_verified) naming a demo address and a demo tenant claim: a muster sign-in at most.
    const musterToken = await musterIssuer.sign({ sub: 'entra-1', email: 'admin@demo.example', tenant: 'demo', roles: ['amtsweg-admin'] });
    const intoDemo = await me('demo', musterToken);
    expect(intoDemo.status).toBe(404);
    const asMuster = await me('muster', musterToken).expect(200);
    expect(asMuster.body.id).not.toBe(demoUserId('admin@demo.example'));
    expect(asMuster.body.roles).toEqual(['tenant-admin']);
  });

  it('creates an unknown person once at their first sign-in (two requests at once), with the mapped roles and person.upserted, without an invitation', async () => {
    const email = 'neu.anna@demo.example';
    const token = await keycloakToken(demoIssuer, email, ['amtsweg-staff'], { name: 'Anna Neu' });
    const [first, second] = await Promise.all([me('demo', token), me('demo', token)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.id).toBe(first.body.id);
    const rows: Array<{ id: string; name: string; roles: string[] }> = await messaging.dataSource.query(
      `SELECT id, name, roles FROM messaging.person WHERE tenant = 'demo' AND email_key = $1`,
      [email],
    );
    expect(rows).toEqual([{ id: first.body.id, name: 'Anna Neu', roles: ['staff'] }]);
    const events = await outboxEvents(messaging.dataSource, first.body.id);
    expect(events.map((event) => event.type)).toEqual(['de.amtsweg.messaging.person.upserted.v1']);
    const invitations = await messaging.dataSource.query(`SELECT 1 FROM messaging.outbound_mail WHERE recipient = $1`, [email]);
    expect(invitations).toEqual([]);
    // A later sign-in finds them; nobody is created twice.
    expect((await me('demo', token).expect(200)).body.id).toBe(first.body.id);
  });

  it("signs in at signatures once it has messaging's events: unknown until then (401 AUTH.PERSON_NOT_PROVISIONED), never another tenant's", async () => {
    const clerkToken = await keycloakToken(demoIssuer, 'clerk@demo.example', ['amtsweg-clerk', 'amtsweg-staff']);
    const requests = (tenant: string, token: string) =>
      signatures
        .http()
        .get(`/api/v1/tenants/${tenant}/signature-requests?as=signer`)
        .set({ Authorization: `Bearer ${token}` });
    // Signatures has not heard of demo's issuer yet.
    expect((await requests('demo', clerkToken)).body.code).toBe('AUTH.INVALID_TOKEN');
    await relayToSignatures('demo', ['de.amtsweg.messaging.tenant.identity-configured.v1']);
    await requests('demo', clerkToken).expect(200);
    expect((await requests('muster', clerkToken)).status).toBe(404);
    // The mapped roles decide there too: tenant-admin settings for the admin's token, not for the clerk's.
    const settings = (token: string) =>
      signatures
        .http()
        .get('/api/v1/tenants/demo/signature-settings')
        .set({ Authorization: `Bearer ${token}` });
    expect((await settings(clerkToken)).body.code).toBe('AUTH.ROLE_REQUIRED');
    await settings(await keycloakToken(demoIssuer, 'admin@demo.example', ['amtsweg-admin'])).expect(200);

    const newcomer = await keycloakToken(demoIssuer, 'neu.bernd@demo.example', ['amtsweg-clerk']);
    const early = await requests('demo', newcomer);
    expect([early.status, early.body.code]).toEqual([401, 'AUTH.PERSON_NOT_PROVISIONED']);
    const created = await me('demo', newcomer).expect(200);
    await relayToSignatures(created.body.id);
    await requests('demo', newcomer).expect(200);
  });

  it("refuses a deactivated person's tokens of the issuer at once (401), at messaging and signatures", async () => {
    const email = 'weg.carla@demo.example';
    const token = await keycloakToken(demoIssuer, email, ['amtsweg-staff']);
    const person = await me('demo', token).expect(200);
    await relayToSignatures(person.body.id);
    await signatures
      .http()
      .get('/api/v1/tenants/demo/signature-requests?as=signer')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    await messaging
      .http()
      .patch(`/api/v1/tenants/demo/people/${person.body.id}`)
      .set({ Authorization: await messaging.bearer(ADMIN) })
      .send({ active: false })
      .expect(200);
    const refused = await me('demo', token);
    expect([refused.status, refused.body.code]).toEqual([401, 'AUTH.PERSON_DEACTIVATED']);
    await relayToSignatures(person.body.id);
    const atSignatures = await signatures
      .http()
      .get('/api/v1/tenants/demo/signature-requests?as=signer')
      .set({ Authorization: `Bearer ${token}` });
    expect([atSignatures.status, atSignatures.body.code]).toEqual([401, 'AUTH.PERSON_DEACTIVATED']);
  });

  it('keeps the platform issuer working, and refuses the tenant issuer everywhere once the configuration is removed', async () => {
    await me('demo', await messaging.token('clerk@demo.example')).expect(200);
    const token = await keycloakToken(demoIssuer, 'clerk@demo.example', ['amtsweg-clerk']);
    await messaging
      .http()
      .delete('/api/v1/tenants/demo/identity')
      .set({ Authorization: await messaging.bearer(ADMIN) })
      .expect(204);
    expect((await me('demo', token)).body.code).toBe('AUTH.INVALID_TOKEN');
    await relayToSignatures('demo', ['de.amtsweg.messaging.tenant.identity-removed.v1']);
    const atSignatures = await signatures
      .http()
      .get('/api/v1/tenants/demo/signature-requests?as=signer')
      .set({ Authorization: `Bearer ${token}` });
    expect([atSignatures.status, atSignatures.body.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
    const again = await messaging
      .http()
      .delete('/api/v1/tenants/demo/identity')
      .set({ Authorization: await messaging.bearer(ADMIN) });
    expect([again.status, again.body.code]).toEqual([404, 'IDENTITY.NOT_CONFIGURED']);
  });
});

function foreign(event: OutboxEvent) {
  return {
    type: event.type,
    topic: topicOf(event.type),
    source: '/amtsweg/messaging',
    subject: event.subject,
    tenant: event.tenantid,
    data: event.data,
  };
}

function topicOf(type: string): string {
  return type.includes('.tenant.identity-') ? 'messaging.tenant-identity' : 'messaging.person';
}
