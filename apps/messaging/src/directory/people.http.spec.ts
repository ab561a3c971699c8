import request from 'supertest';
import { decodeJwt } from 'jose';
import { TenantUpdatedV1 } from '@amtsweg/contracts';
import { KnownTenantsProjection } from '@amtsweg/eventing';
import { TenantAnnouncer, TokenVerifier } from '@amtsweg/platform';
import { demoUserId, outboxEvents } from '@amtsweg/platform/testing';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';

const ADMIN = 'admin@demo.example';
const STAFF = 'staff@demo.example';
const MUSTER_ADMIN = 'admin@muster.example';

interface AdminPerson {
  id: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
  externalId: string | null;
}

describe('the people directory (embedded database)', () => {
  let t: MessagingTestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startMessagingApp();
    for (const email of [ADMIN, STAFF, MUSTER_ADMIN]) tokens[email] = await t.token(email);
  }, 60_000);
  afterAll(() => t?.close());

  const as = (email: string) => {
    const auth = (test: request.Test) => test.set('authorization', `Bearer ${tokens[email]}`);
    const base = `/api/v1/tenants/${email.endsWith('muster.example') ? 'muster' : 'demo'}/people`;
    const server = t.app.getHttpServer();
    return {
      get: (query = '') => auth(request(server).get(`${base}${query}`)),
      post: (body: object) => auth(request(server).post(base)).send(body),
      patch: (id: string, body: object) => auth(request(server).patch(`${base}/${id}`)).send(body),
      csv: (text: string) =>
        auth(request(server).post(`${base}/import`))
          .set('content-type', 'text/csv')
          .send(text),
    };
  };
  const invitations = async (to: string): Promise<Array<{ subject: string; text: string }>> =>
    t.dataSource.query(`SELECT subject, text FROM messaging.outbound_mail WHERE recipient = $1 AND event_id LIKE 'invitation:%'`, [to]);
  const devToken = (body: object) => request(t.app.getHttpServer()).post('/api/v1/dev/token').send(body);

  it('holds the demo people from the start, created through the same use case (events, no invitation)', async () => {
    const people = (await as(STAFF).get().expect(200)).body as Array<{ id: string; name: string }>;
    expect(people).toContainEqual({ id: demoUserId('clerk@demo.example'), name: 'Clara Bürgerbüro' });
    // Today's shape for every staff member: names, no addresses.
    for (const person of people) expect(Object.keys(person).sort()).toEqual(['id', 'name']);
    const events = await outboxEvents(t.dataSource, demoUserId('clerk@demo.example'));
    expect(events.map((event) => event.type)).toEqual(['de.amtsweg.messaging.person.upserted.v1']);
    expect(events[0].data).toMatchObject({ tenant: 'demo', email: 'clerk@demo.example', roles: ['staff', 'clerk'], active: true });
    expect(await invitations('clerk@demo.example')).toEqual([]);
  });

  it('lets a tenant-admin add a person: 201, person.upserted, and an invitation with the sign-in link', async () => {
    const created = (
      await as(ADMIN)
        .post({ name: ' Nora Neu ', email: 'Nora.Neu@demo.example', roles: ['clerk', 'staff'] })
        .expect(201)
    ).body as AdminPerson;
    expect(created).toMatchObject({
      name: 'Nora Neu',
      email: 'Nora.Neu@demo.example',
      roles: ['staff', 'clerk'],
      active: true,
      externalId: null,
    });
    const [event] = await outboxEvents(t.dataSource, created.id);
    expect(event).toMatchObject({ type: 'de.amtsweg.messaging.person.upserted.v1', tenantid: 'demo' });
    expect(event.data).toMatchObject({ personId: created.id, name: 'Nora Neu', roles: ['staff', 'clerk'], active: true });
    const [mail] = await invitations('Nora.Neu@demo.example');
    expect(mail.text).toContain(`${t.config.publicUrl}/anmelden`);
  });

  it('answers 409 PERSON.EMAIL_TAKEN for an address of the tenant in any case, and lets another tenant use it', async () => {
    await as(ADMIN)
      .post({ name: 'Tim Twice', email: 'tim@demo.example', roles: ['staff'] })
      .expect(201);
    const again = await as(ADMIN)
      .post({ name: 'Tim Again', email: 'TIM@Demo.Example', roles: ['staff'] })
      .expect(409);
    expect(again.body.code).toBe('PERSON.EMAIL_TAKEN');
    await as(MUSTER_ADMIN)
      .post({ name: 'Tim Muster', email: 'tim@demo.example', roles: ['staff'] })
      .expect(201);
  });

  it('refuses roles a person cannot hold (422), and everyone but tenant-admins (403)', async () => {
    const provider = await as(ADMIN)
      .post({ name: 'Pia', email: 'pia@demo.example', roles: ['provider-admin'] })
      .expect(422);
    expect(provider.body.code).toBe('PERSON.INVALID_ROLES');
    await as(ADMIN)
      .post({ name: 'Pia', email: 'pia@demo.example', roles: ['boss'] })
      .expect(422);
    await as(STAFF)
      .post({ name: 'Pia', email: 'pia@demo.example', roles: ['staff'] })
      .expect(403);
    await as(STAFF).get('?view=admin').expect(403);
    await as(ADMIN)
      .post({ name: 'Pia', email: 'not-an-address', roles: ['staff'] })
      .expect(400);
  });

  it('deactivates at once: person.deactivated, tokens refused (401), no longer nameable, still named on view=all', async () => {
    const person = (
      await as(ADMIN)
        .post({ name: 'Dora Weg', email: 'dora@demo.example', roles: ['staff'] })
        .expect(201)
    ).body as AdminPerson;
    const token = (await devToken({ email: 'dora@demo.example' }).expect(200)).body.access_token as string;
    const conversations = () =>
      request(t.app.getHttpServer()).get('/api/v1/tenants/demo/conversations').set('authorization', `Bearer ${token}`);
    await conversations().expect(200);

    const changed = (await as(ADMIN).patch(person.id, { active: false }).expect(200)).body as AdminPerson;
    expect(changed.active).toBe(false);
    const events = await outboxEvents(t.dataSource, person.id);
    expect(events.map((event) => event.type)).toEqual([
      'de.amtsweg.messaging.person.upserted.v1',
      'de.amtsweg.messaging.person.deactivated.v1',
    ]);
    expect(events[1].data).toMatchObject({ name: 'Dora Weg', active: false });

    const refused = await conversations().expect(401);
    expect(refused.body.code).toBe('AUTH.PERSON_DEACTIVATED');
    const member = await request(t.app.getHttpServer())
      .post('/api/v1/tenants/demo/conversations')
      .set('authorization', `Bearer ${tokens[STAFF]}`)
      .send({ kind: 'direct', memberId: person.id })
      .expect(422);
    expect(member.body.code).toBe('CONVERSATION.UNKNOWN_MEMBER');
    expect((await devToken({ email: 'dora@demo.example' }).expect(404)).body.code).toBe('DEV.UNKNOWN_USER');

    const names = (await as(STAFF).get().expect(200)).body as Array<{ id: string }>;
    expect(names.map((p) => p.id)).not.toContain(person.id);
    expect((await as(STAFF).get('?view=all').expect(200)).body).toContainEqual({ id: person.id, name: 'Dora Weg', active: false });

    await as(ADMIN).patch(person.id, { active: true }).expect(200);
    await conversations().expect(200);
    expect((await outboxEvents(t.dataSource, person.id)).at(-1)?.type).toBe('de.amtsweg.messaging.person.upserted.v1');
  });

  it('renames and changes roles, and refuses a tenant-admin shutting themselves out', async () => {
    const person = (
      await as(ADMIN)
        .post({ name: 'Rolf', email: 'rolf@demo.example', roles: ['staff'] })
        .expect(201)
    ).body as AdminPerson;
    const changed = (
      await as(ADMIN)
        .patch(person.id, { name: 'Rolf Rolle', roles: ['it-admin', 'staff'] })
        .expect(200)
    ).body;
    expect(changed).toMatchObject({ name: 'Rolf Rolle', roles: ['staff', 'it-admin'] });
    const self = demoUserId(ADMIN);
    expect((await as(ADMIN).patch(self, { active: false }).expect(422)).body.code).toBe('PERSON.OWN_ACCESS');
    await as(ADMIN)
      .patch(self, { roles: ['staff'] })
      .expect(422);
    expect((await as(ADMIN).patch('0190a000-0000-7000-8000-0000000000ff', { name: 'x' }).expect(404)).body.code).toBe('PERSON.NOT_FOUND');
    // Another tenant's person is not there.
    expect((await as(MUSTER_ADMIN).patch(person.id, { name: 'x' }).expect(404)).body.code).toBe('PERSON.NOT_FOUND');
  });

  it('imports people from CSV: created, updated, unchanged and refused rows, the same file twice changes nothing', async () => {
    const csv = [
      'name,email,roles',
      'Carla CSV,carla@demo.example,"clerk staff"',
      'Clara Bürgerbüro (neu),clerk@demo.example,clerk staff',
      'Sam Sachbearbeitung,staff@demo.example,staff',
      'Kein Mail,kein-mail,staff',
      'Falsche Rolle,rolle@demo.example,provider-admin',
      'Carla Doppelt,CARLA@demo.example,staff',
      '',
    ].join('\r\n');
    const report = (await as(ADMIN).csv(csv).expect(200)).body;
    expect(report).toEqual({
      created: 1,
      updated: 1,
      unchanged: 1,
      refused: [
        { line: 5, reason: expect.stringContaining('email') },
        { line: 6, reason: expect.stringContaining('roles') },
        { line: 7, reason: expect.stringContaining('earlier row') },
      ],
      refusedCount: 3,
    });
    expect(await invitations('carla@demo.example')).toHaveLength(1);
    const admin = (await as(ADMIN).get('?view=admin').expect(200)).body as AdminPerson[];
    expect(admin.find((p) => p.email === 'clerk@demo.example')?.name).toBe('Clara Bürgerbüro (neu)');
    expect(admin.find((p) => p.email === 'carla@demo.example')?.roles).toEqual(['staff', 'clerk']);

    const again = (await as(ADMIN).csv(csv).expect(200)).body;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, refusedCount: 3 });
    await as(ADMIN).patch(demoUserId('clerk@demo.example'), { name: 'Clara Bürgerbüro' }).expect(200);
  });

  it('refuses a CSV without the header, an empty one, and one that is not text/csv', async () => {
    expect((await as(ADMIN).csv('email,name\nx@demo.example,X\n').expect(400)).body.code).toBe('IMPORT.INVALID_HEADER');
    expect((await as(ADMIN).csv('\r\n').expect(400)).body.code).toBe('IMPORT.EMPTY');
    await as(STAFF).csv('name,email,roles\n').expect(403);
    await request(t.app.getHttpServer())
      .post('/api/v1/tenants/demo/people/import')
      .set('authorization', `Bearer ${tokens[ADMIN]}`)
      .send({ csv: 'name,email,roles' })
      .expect(415);
  });

  describe('the first tenant-admin, named by the provider (provider-admin token)', () => {
    let provider: string;
    beforeAll(async () => {
      provider = await t.token({ roles: ['provider-admin'], sub: 'betrieb-operator', email: 'betrieb@amtsweg.example' });
    });
    const asProvider = (tenant: string) => {
      const server = t.app.getHttpServer();
      const base = `/api/v1/tenants/${tenant}/people`;
      return {
        get: () => request(server).get(base).set('authorization', `Bearer ${provider}`),
        post: (body: object) => request(server).post(base).set('authorization', `Bearer ${provider}`).send(body),
      };
    };

    it("creates a tenant-admin of the path's tenant: 201, person.upserted, the invitation, and a working dev sign-in", async () => {
      const created = (
        await asProvider('muster')
          .post({ name: 'Anna Amtsleitung', email: 'anna.amtsleitung@muster.example', roles: ['tenant-admin'] })
          .expect(201)
      ).body as AdminPerson;
      expect(created).toMatchObject({
        name: 'Anna Amtsleitung',
        email: 'anna.amtsleitung@muster.example',
        roles: ['tenant-admin'],
        active: true,
      });
      const [event] = await outboxEvents(t.dataSource, created.id);
      expect(event).toMatchObject({ type: 'de.amtsweg.messaging.person.upserted.v1', tenantid: 'muster' });
      expect(event.data).toMatchObject({ tenant: 'muster', personId: created.id, roles: ['tenant-admin'], active: true });
      const [mail] = await invitations('anna.amtsleitung@muster.example');
      expect(mail.text).toContain(`${t.config.publicUrl}/anmelden`);
      // The tenant's own admins see them, and they can sign in (development) as that tenant's admin.
      const listed = (await as(MUSTER_ADMIN).get('?view=admin').expect(200)).body as AdminPerson[];
      expect(listed.map((person) => person.email)).toContain('anna.amtsleitung@muster.example');
      const token = (await devToken({ email: 'anna.amtsleitung@muster.example' }).expect(200)).body.access_token as string;
      expect(decodeJwt(token)).toMatchObject({ tenant: 'muster', roles: ['tenant-admin'], sub: created.id });
    });

    it.each([
      ['another role', ['clerk']],
      ['tenant-admin with more', ['tenant-admin', 'staff']],
      ['no role', []],
      ['a role nobody holds', ['provider-admin']],
    ])('refuses %s with 403 PERSON.PROVIDER_ADMIN_ROLES, creating nobody', async (_what, roles) => {
      const email = `refused.${roles.join('-') || 'none'}@muster.example`;
      const response = await asProvider('muster').post({ name: 'Nicht Erlaubt', email, roles }).expect(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 403, code: 'PERSON.PROVIDER_ADMIN_ROLES', errors: [{ field: 'roles' }] });
      const listed = (await as(MUSTER_ADMIN).get('?view=admin').expect(200)).body as AdminPerson[];
      expect(listed.map((person) => person.email)).not.toContain(email);
      expect(await invitations(email)).toEqual([]);
    });

    it('answers 409 PERSON.EMAIL_TAKEN for an address the tenant already has', async () => {
      const response = await asProvider('demo')
        .post({ name: 'Doppelt', email: 'ADMIN@demo.example', roles: ['tenant-admin'] })
        .expect(409);
      expect(response.body.code).toBe('PERSON.EMAIL_TAKEN');
    });

    it('answers an unknown tenant 404 TENANT.NOT_FOUND and a suspended one 403 TENANT.SUSPENDED, creating nobody', async () => {
      const body = { name: 'Erste Verwaltung', email: 'verwaltung@neustadt.example', roles: ['tenant-admin'] };
      expect((await asProvider('gibt-es-nicht').post(body).expect(404)).body.code).toBe('TENANT.NOT_FOUND');

      await t.app
        .get(TenantAnnouncer, { strict: false })
        .announce([{ slug: 'neustadt', name: 'Neustadt', federalState: 'BY', timeZone: 'Europe/Berlin' }]);
      const projection = t.app.get(KnownTenantsProjection, { strict: false });
      const update = { slug: 'neustadt', name: 'Neustadt', federalState: 'BY', timeZone: 'Europe/Berlin', revision: 2 } as const;
      await projection.applyNow(Object.assign(new TenantUpdatedV1(), { ...update, suspended: true }), new Date());
      expect((await asProvider('neustadt').post(body).expect(403)).body.code).toBe('TENANT.SUSPENDED');
      expect(await invitations('verwaltung@neustadt.example')).toEqual([]);

      await projection.applyNow(Object.assign(new TenantUpdatedV1(), { ...update, suspended: false, revision: 3 }), new Date());
      const created = (await asProvider('neustadt').post(body).expect(201)).body as AdminPerson;
      expect(created).toMatchObject({ email: 'verwaltung@neustadt.example', roles: ['tenant-admin'] });
    });

    it('sees no people list (403), and may not touch a person (403)', async () => {
      expect((await asProvider('demo').get().expect(403)).body.code).toBe('AUTH.PROVIDER_ADMIN_NOT_ALLOWED');
      const patched = await request(t.app.getHttpServer())
        .patch(`/api/v1/tenants/demo/people/${demoUserId(STAFF)}`)
        .set('authorization', `Bearer ${provider}`)
        .send({ name: 'Umbenannt' })
        .expect(403);
      expect(patched.body.code).toBe('AUTH.PROVIDER_ADMIN_NOT_ALLOWED');
    });
  });

  describe('development tokens (POST /api/v1/dev/token)', () => {
    it('issues one for every active person of the directory, with their tenant and roles, verifiable with its key set', async () => {
      const person = (
        await as(ADMIN)
          .post({ name: 'Tina Token', email: 'tina@demo.example', roles: ['clerk'] })
          .expect(201)
      ).body;
      const token = (await devToken({ email: 'Tina@demo.example' }).expect(200)).body.access_token as string;
      expect(decodeJwt(token)).toMatchObject({ sub: person.id, tenant: 'demo', roles: ['clerk'], email: 'tina@demo.example' });
      // As a separately deployed service checks it: against the key set the discovery document names.
      const discovery = (await request(t.app.getHttpServer()).get('/.well-known/openid-configuration').expect(200)).body;
      expect(discovery).toMatchObject({ issuer: t.config.issuer, jwks_uri: `${t.config.issuer}/.well-known/jwks.json` });
      const jwks = (await request(t.app.getHttpServer()).get('/.well-known/jwks.json').expect(200)).body;
      const principal = await TokenVerifier.local(t.config.issuer, t.config.OIDC_AUDIENCE, jwks).verify(token);
      expect(principal).toMatchObject({ userId: person.id, tenant: 'demo', roles: ['clerk'] });
      await request(t.app.getHttpServer()).get('/api/v1/tenants/demo/notifications').set('authorization', `Bearer ${token}`).expect(200);
    });

    it('asks for the tenant when the address is a person of several, and answers 404 for an unknown one', async () => {
      await as(ADMIN)
        .post({ name: 'Zwei Orte', email: 'zwei@example.org', roles: ['staff'] })
        .expect(201);
      await as(MUSTER_ADMIN)
        .post({ name: 'Zwei Orte', email: 'zwei@example.org', roles: ['staff'] })
        .expect(201);
      expect((await devToken({ email: 'zwei@example.org' }).expect(422)).body.code).toBe('DEV.TENANT_REQUIRED');
      const token = (await devToken({ email: 'zwei@example.org', tenant: 'muster' }).expect(200)).body.access_token as string;
      expect(decodeJwt(token).tenant).toBe('muster');
      expect((await devToken({ email: 'nobody@demo.example' }).expect(404)).body.code).toBe('DEV.UNKNOWN_USER');
    });

    it('makes betrieb@amtsweg.example a provider-admin of no tenant', async () => {
      const token = (await devToken({ email: 'betrieb@amtsweg.example' }).expect(200)).body.access_token as string;
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({ roles: ['provider-admin'], email: 'betrieb@amtsweg.example' });
      expect(claims.tenant).toBeUndefined();
    });

    it.each([
      ['malformed JSON', '{"email":', 'application/json', 400, 'REQUEST.MALFORMED_JSON'],
      ['a wrong content type', 'email=clerk@demo.example', 'text/plain', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
      ['an unknown field', '{"email":"clerk@demo.example","admin":true}', 'application/json', 400, 'REQUEST.INVALID'],
      ['a wrong type', '{"email":42}', 'application/json', 400, 'REQUEST.INVALID'],
      ['a JSON array', '[1,2]', 'application/json', 400, 'REQUEST.INVALID'],
      ['a body over the limit', JSON.stringify({ email: 'a'.repeat(200_000) }), 'application/json', 413, 'REQUEST.TOO_LARGE'],
    ])('answers %s with a problem', async (_what, body, type, status, code) => {
      const response = await request(t.app.getHttpServer()).post('/api/v1/dev/token').set('content-type', type).send(body);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status, code, detail: expect.any(String) });
    });

    it('names the invalid field', async () => {
      const response = await devToken({ email: 'not-an-address' }).expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    });
  });
});
