import request from 'supertest';
import { outboxEvents } from '@amtsweg/platform/testing';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';

const ADMIN = 'admin@demo.example';
const MUSTER_ADMIN = 'admin@muster.example';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BASE = '/api/v1/tenants/demo/scim/v2';

interface ScimUser {
  id: string;
  userName: string;
  externalId?: string;
  name: { givenName?: string; familyName: string; formatted: string };
  displayName: string;
  emails: Array<{ value: string; primary: boolean; type: string }>;
  active: boolean;
  roles: Array<{ value: string }>;
  meta: { resourceType: string; created: string; lastModified: string; location: string };
}

interface ListResponse<T> {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/** What Microsoft Entra ID sends to create a user (its documented test payload, with an address for userName). */
const entraUser = (userName: string, externalId: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  externalId,
  userName,
  active: true,
  emails: [{ primary: true, type: 'work', value: userName }],
  meta: { resourceType: 'User' },
  name: { formatted: 'Greta Maria Grün', familyName: 'Grün', givenName: 'Greta Maria' },
  roles: [],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Bürgerbüro' },
});

/** An Entra-like SCIM client, end to end against messaging: token, users, groups, errors. */
describe('SCIM 2.0 provisioning (embedded database)', () => {
  let t: MessagingTestApp;
  let adminToken: string;
  let scimToken: string;

  beforeAll(async () => {
    t = await startMessagingApp();
    adminToken = await t.token(ADMIN);
  }, 60_000);
  afterAll(() => t?.close());

  const server = () => t.app.getHttpServer();
  const tokens = (token = adminToken) => ({
    create: () => request(server()).post('/api/v1/tenants/demo/scim-tokens').set('authorization', `Bearer ${token}`),
    list: () => request(server()).get('/api/v1/tenants/demo/scim-tokens').set('authorization', `Bearer ${token}`),
    revoke: (id: string) => request(server()).delete(`/api/v1/tenants/demo/scim-tokens/${id}`).set('authorization', `Bearer ${token}`),
  });
  /** A SCIM request as Entra sends it: application/scim+json, the SCIM token as bearer. */
  const scim = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: object, token = scimToken, base = BASE) => {
    const test = request(server())[method](`${base}${path}`).set('authorization', `Bearer ${token}`);
    return body === undefined ? test : test.set('content-type', 'application/scim+json').send(JSON.stringify(body));
  };
  const patchOp = (...operations: object[]) => ({ schemas: [PATCH_OP], Operations: operations });
  const expectScimError = (answer: request.Response, status: number, scimType?: string) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(answer.body).toEqual({
      schemas: [ERROR],
      status: String(status),
      ...(scimType ? { scimType } : {}),
      detail: expect.any(String),
    });
  };
  const createUser = async (userName: string, externalId = `ext-${userName}`): Promise<ScimUser> =>
    (await scim('post', '/Users', entraUser(userName, externalId)).expect(201)).body as ScimUser;

  it('issues a SCIM token to a tenant-admin once, lists it without the secret, and refuses it to others', async () => {
    const created = await tokens().create().expect(201);
    expect(created.body).toEqual({ id: expect.any(String), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    scimToken = created.body.token as string;
    const stored: Array<{ secret_hash: string }> = await t.dataSource.query('SELECT secret_hash FROM messaging.scim_token');
    expect(JSON.stringify(stored)).not.toContain(scimToken);

    const listed = (await tokens().list().expect(200)).body as Array<Record<string, unknown>>;
    expect(listed).toEqual([{ id: created.body.id, createdAt: expect.any(String), createdBy: t.userId(ADMIN) }]);
    expect(JSON.stringify(listed)).not.toContain(scimToken);

    await tokens(await t.token('staff@demo.example'))
      .create()
      .expect(403);
    const other = await tokens().revoke('00000000-0000-4000-8000-000000000000').expect(404);
    expect(other.body.code).toBe('SCIM_TOKEN.NOT_FOUND');
    // A NUL in the id once reached the database and answered 500 (the hostile-input suite found it).
    const nul = await tokens().revoke('%00').expect(400);
    expect(nul.body.code).toBe('REQUEST.INVALID_ID');
    const { id: clientId, token: client } = (await tokens().create().expect(201)).body as { id: string; token: string };
    for (const method of ['get', 'delete'] as const) {
      const user = await request(server())[method]('/api/v1/tenants/demo/scim/v2/Users/%00').set('authorization', `Bearer ${client}`);
      expect({ method, status: user.status, schemas: user.body.schemas }).toEqual({
        method,
        status: 404,
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      });
    }
    await tokens().revoke(clientId).expect(204);
  });

  it('answers 401 in SCIM error format for no token, a staff JWT, and a token of another tenant', async () => {
    expectScimError(await request(server()).get(`${BASE}/Users`), 401);
    expectScimError(await scim('get', '/Users', undefined, adminToken), 401);
    // A token is valid for its own tenant only.
    const muster = (
      await request(server())
        .post('/api/v1/tenants/muster/scim-tokens')
        .set('authorization', `Bearer ${await t.token(MUSTER_ADMIN)}`)
        .expect(201)
    ).body.token as string;
    expectScimError(await scim('get', '/Users', undefined, muster), 401);
    await scim('get', '/Users', undefined, muster, '/api/v1/tenants/muster/scim/v2').expect(200);
  });

  it("creates a user from Entra's payload: 201, person.upserted, the name composed, last used noted", async () => {
    const user = await createUser('greta.gruen@demo.example', 'entra-0001');
    expect(user).toMatchObject({
      userName: 'greta.gruen@demo.example',
      externalId: 'entra-0001',
      name: { givenName: 'Greta Maria', familyName: 'Grün', formatted: 'Greta Maria Grün' },
      displayName: 'Greta Maria Grün',
      emails: [{ value: 'greta.gruen@demo.example', primary: true, type: 'work' }],
      active: true,
      roles: [],
      meta: { resourceType: 'User', location: `${t.config.publicUrl}${BASE}/Users/${user.id}` },
    });
    const [event] = await outboxEvents(t.dataSource, user.id);
    expect(event.type).toBe('de.amtsweg.messaging.person.upserted.v1');
    expect(event.data).toMatchObject({ tenant: 'demo', name: 'Greta Maria Grün', externalId: 'entra-0001', active: true });
    // The directory has them, as by hand.
    const people = (await request(server()).get('/api/v1/tenants/demo/people?view=admin').set('authorization', `Bearer ${adminToken}`))
      .body as Array<{ id: string; email: string }>;
    expect(people.find((person) => person.id === user.id)?.email).toBe('greta.gruen@demo.example');
    const [listed] = (await tokens().list().expect(200)).body as Array<{ lastUsedAt?: string }>;
    expect(listed.lastUsedAt).toEqual(expect.any(String));
  });

  it('refuses a taken userName (any case) with 409 uniqueness, provider-admin and unknown roles with 400 invalidValue', async () => {
    expectScimError(await scim('post', '/Users', entraUser('GRETA.gruen@demo.example', 'entra-x')), 409, 'uniqueness');
    expectScimError(
      await scim('post', '/Users', { ...entraUser('pia@demo.example', 'p'), roles: [{ value: 'provider-admin' }] }),
      400,
      'invalidValue',
    );
    expectScimError(
      await scim('post', '/Users', { ...entraUser('pia@demo.example', 'p'), roles: [{ value: 'root' }] }),
      400,
      'invalidValue',
    );
    expectScimError(await scim('post', '/Users', { ...entraUser('not-an-address', 'p') }), 400, 'invalidValue');
    // An unreadable body is a SCIM error too (the body parser fails before any route).
    const malformed = await request(server())
      .post(`${BASE}/Users`)
      .set('authorization', `Bearer ${scimToken}`)
      .set('content-type', 'application/scim+json')
      .send('{"userName":');
    expectScimError(malformed, 400, 'invalidSyntax');
  });

  it('finds users by userName (any case), externalId and displayName; other filters 400 invalidFilter', async () => {
    const byUserName = (await scim('get', `/Users?filter=${encodeURIComponent('userName eq "Greta.Gruen@demo.example"')}`).expect(200))
      .body as ListResponse<ScimUser>;
    expect(byUserName).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(byUserName.Resources[0].externalId).toBe('entra-0001');
    const byExternal = (await scim('get', `/Users?filter=${encodeURIComponent('externalId eq "entra-0001"')}`).expect(200)).body;
    expect(byExternal.Resources.map((user: ScimUser) => user.userName)).toEqual(['greta.gruen@demo.example']);
    const byDisplay = (await scim('get', `/Users?filter=${encodeURIComponent('displayName eq "Clara Bürgerbüro"')}`).expect(200)).body;
    expect(byDisplay.Resources.map((user: ScimUser) => user.userName)).toEqual(['clerk@demo.example']);
    const none = (await scim('get', `/Users?filter=${encodeURIComponent('userName eq "nobody@demo.example"')}`).expect(200)).body;
    expect(none).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
    expectScimError(await scim('get', `/Users?filter=${encodeURIComponent('userName sw "greta"')}`), 400, 'invalidFilter');
    expectScimError(await scim('get', `/Users?filter=${encodeURIComponent('title eq "x"')}`), 400, 'invalidFilter');
  });

  it('pages with startIndex and count', async () => {
    const all = (await scim('get', '/Users').expect(200)).body as ListResponse<ScimUser>;
    expect(all.totalResults).toBeGreaterThan(4);
    expect(all.itemsPerPage).toBe(all.totalResults);
    const second = (await scim('get', '/Users?startIndex=2&count=2').expect(200)).body as ListResponse<ScimUser>;
    expect(second).toMatchObject({ totalResults: all.totalResults, startIndex: 2, itemsPerPage: 2 });
    expect(second.Resources.map((user) => user.id)).toEqual(all.Resources.slice(1, 3).map((user) => user.id));
    const countOnly = (await scim('get', '/Users?count=0').expect(200)).body as ListResponse<ScimUser>;
    expect(countOnly).toMatchObject({ totalResults: all.totalResults, itemsPerPage: 0, Resources: [] });
  });

  it('deactivates on PATCH replace active "False": the person’s token is refused at once; "True" reactivates', async () => {
    const user = await createUser('dieter.deaktiv@demo.example');
    const staffToken = await t.token({ tenant: 'demo', roles: ['staff'], sub: user.id, email: user.userName });
    const conversations = () => request(server()).get('/api/v1/tenants/demo/conversations').set('authorization', `Bearer ${staffToken}`);
    await conversations().expect(200);

    const off = (await scim('patch', `/Users/${user.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' })).expect(200))
      .body as ScimUser;
    expect(off.active).toBe(false);
    expect((await conversations().expect(401)).body.code).toBe('AUTH.PERSON_DEACTIVATED');
    expect((await outboxEvents(t.dataSource, user.id)).map((event) => event.type)).toEqual([
      'de.amtsweg.messaging.person.upserted.v1',
      'de.amtsweg.messaging.person.deactivated.v1',
    ]);

    // Without a path, with a boolean, in lower case.
    const on = (await scim('patch', `/Users/${user.id}`, patchOp({ op: 'replace', value: { active: true } })).expect(200)).body as ScimUser;
    expect(on.active).toBe(true);
    await conversations().expect(200);
    expect((await outboxEvents(t.dataSource, user.id)).map((event) => event.type).at(-1)).toBe('de.amtsweg.messaging.person.upserted.v1');
  });

  it('patches names, address, externalId and roles by path, and ignores attributes it does not keep', async () => {
    const user = await createUser('paula.pfad@demo.example');
    const patched = (
      await scim(
        'patch',
        `/Users/${user.id}`,
        patchOp(
          { op: 'Replace', path: 'name.givenName', value: 'Paula' },
          { op: 'Replace', path: 'name.familyName', value: 'Pfad-Neu' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'paula.neu@demo.example' },
          { op: 'Add', path: 'externalId', value: 'entra-0099' },
          { op: 'Add', path: 'roles', value: [{ value: 'clerk' }, { value: 'staff' }] },
          { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Kasse' },
        ),
      ).expect(200)
    ).body as ScimUser;
    expect(patched).toMatchObject({
      userName: 'paula.neu@demo.example',
      name: { givenName: 'Paula', familyName: 'Pfad-Neu' },
      displayName: 'Paula Pfad-Neu',
      externalId: 'entra-0099',
      roles: [{ value: 'staff' }, { value: 'clerk' }],
    });
    const renamed = (
      await scim('patch', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Paula P.' })).expect(200)
    ).body as ScimUser;
    expect(renamed.name).toEqual({ givenName: 'Paula', familyName: 'P.', formatted: 'Paula P.' });
    const fewer = (await scim('patch', `/Users/${user.id}`, patchOp({ op: 'remove', path: 'roles[value eq "clerk"]' })).expect(200))
      .body as ScimUser;
    expect(fewer.roles).toEqual([{ value: 'staff' }]);
    const last = (await outboxEvents(t.dataSource, user.id)).at(-1);
    expect(last?.data).toMatchObject({ email: 'paula.neu@demo.example', name: 'Paula P.', roles: ['staff'], externalId: 'entra-0099' });

    expectScimError(
      await scim('patch', `/Users/${user.id}`, patchOp({ op: 'add', path: 'roles', value: [{ value: 'provider-admin' }] })),
      400,
      'invalidValue',
    );
    expectScimError(
      await scim('patch', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: 'maybe' })),
      400,
      'invalidValue',
    );
    expectScimError(await scim('patch', `/Users/${user.id}`, patchOp({ op: 'move', path: 'active', value: true })), 400, 'invalidSyntax');
    expectScimError(await scim('patch', `/Users/${user.id}`, patchOp({ op: 'remove' })), 400, 'noTarget');
    expectScimError(
      await scim('patch', `/Users/${user.id}`, patchOp({ op: 'replace', path: 'userName', value: 'clerk@demo.example' })),
      409,
      'uniqueness',
    );
  });

  it('replaces a user with PUT and deactivates it with DELETE (204; the person stays, inactive)', async () => {
    const user = await createUser('rita.replace@demo.example');
    const replaced = (
      await scim('put', `/Users/${user.id}`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'rita.replace@demo.example',
        displayName: 'Rita Ersetzt',
        active: true,
        roles: [{ value: 'it-admin' }],
      }).expect(200)
    ).body as ScimUser;
    expect(replaced).toMatchObject({ displayName: 'Rita Ersetzt', roles: [{ value: 'it-admin' }] });
    expect(replaced.externalId).toBeUndefined();

    await scim('delete', `/Users/${user.id}`).expect(204);
    const gone = (await scim('get', `/Users/${user.id}`).expect(200)).body as ScimUser;
    expect(gone.active).toBe(false);
    expect((await outboxEvents(t.dataSource, user.id)).map((event) => event.type).at(-1)).toBe(
      'de.amtsweg.messaging.person.deactivated.v1',
    );
    expectScimError(await scim('get', '/Users/00000000-0000-4000-8000-000000000000'), 404);
    expectScimError(await scim('delete', '/Users/not-an-id'), 404);
  });

  it('grants and takes away a role through its group, as Entra adds and removes members', async () => {
    const user = await createUser('gustav.gruppe@demo.example');
    const groups = (await scim('get', '/Groups?excludedAttributes=members').expect(200)).body as ListResponse<{
      id: string;
      displayName: string;
      members?: unknown;
    }>;
    expect(groups.Resources.map((group) => [group.id, group.displayName])).toEqual([
      ['staff', 'staff'],
      ['clerk', 'clerk'],
      ['it-admin', 'it-admin'],
      ['tenant-admin', 'tenant-admin'],
    ]);
    expect(groups.Resources[0].members).toBeUndefined();
    const found = (await scim('get', `/Groups?filter=${encodeURIComponent('displayName eq "clerk"')}`).expect(200)).body;
    expect(found.Resources.map((group: { id: string }) => group.id)).toEqual(['clerk']);

    await scim('patch', '/Groups/clerk', patchOp({ op: 'Add', path: 'members', value: [{ value: user.id }] })).expect(204);
    expect(((await scim('get', `/Users/${user.id}`).expect(200)).body as ScimUser).roles).toEqual([{ value: 'clerk' }]);
    const clerks = (await scim('get', '/Groups/clerk').expect(200)).body as { members: Array<{ value: string; display: string }> };
    expect(clerks.members).toContainEqual(expect.objectContaining({ value: user.id, display: 'Greta Maria Grün' }));
    expect((await outboxEvents(t.dataSource, user.id)).at(-1)?.data).toMatchObject({ roles: ['clerk'] });

    await scim('patch', '/Groups/clerk', patchOp({ op: 'Remove', path: `members[value eq "${user.id}"]` })).expect(204);
    expect(((await scim('get', `/Users/${user.id}`).expect(200)).body as ScimUser).roles).toEqual([]);

    expectScimError(
      await scim(
        'patch',
        '/Groups/clerk',
        patchOp({ op: 'Add', path: 'members', value: [{ value: '00000000-0000-4000-8000-000000000000' }] }),
      ),
      400,
      'invalidValue',
    );
    expectScimError(await scim('get', '/Groups/mayor'), 404);
    expectScimError(await scim('post', '/Groups', { displayName: 'clerk', members: [] }), 409, 'uniqueness');
    expectScimError(await scim('post', '/Groups', { displayName: 'Bürgermeister' }), 400, 'invalidValue');
  });

  it('describes itself: ServiceProviderConfig, ResourceTypes, Schemas', async () => {
    const config = (
      await scim('get', '/ServiceProviderConfig')
        .expect(200)
        .expect('content-type', /application\/scim\+json/)
    ).body;
    expect(config).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      bulk: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      changePassword: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = (await scim('get', '/ResourceTypes').expect(200)).body as ListResponse<{ id: string; endpoint: string }>;
    expect(types.Resources.map((type) => [type.id, type.endpoint])).toEqual([
      ['User', '/Users'],
      ['Group', '/Groups'],
    ]);
    const schemas = (await scim('get', '/Schemas').expect(200)).body as ListResponse<{ id: string }>;
    expect(schemas.Resources.map((schema) => schema.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ]);
    await scim('get', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User').expect(200);
    expectScimError(await scim('get', '/Bulk'), 404);
  });

  it('refuses a revoked token with 401', async () => {
    const [listed] = (await tokens().list().expect(200)).body as Array<{ id: string }>;
    await tokens().revoke(listed.id).expect(204);
    expectScimError(await scim('get', '/Users'), 401);
    expect((await tokens().list().expect(200)).body).toEqual([]);
  });
});
