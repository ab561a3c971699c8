import request from 'supertest';
import { MessagingAdminChangeRecordedV1 } from '@amtsweg/contracts';
import { outboxEvents } from '@amtsweg/platform/testing';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';

const ADMIN = 'admin@demo.example';
const API = '/api/v1/tenants/demo';

/** Messaging's admin writes each append `admin.change-recorded` (appointments builds the admin audit from it). */
describe('admin changes in messaging are recorded for the admin audit (embedded database)', () => {
  let t: MessagingTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startMessagingApp();
    admin = await t.token(ADMIN);
  }, 60_000);
  afterAll(() => t?.close());

  const server = () => t.app.getHttpServer();
  const changes = async (subjectId?: string) =>
    (await outboxEvents(t.dataSource))
      .filter((event) => event.type === MessagingAdminChangeRecordedV1.type)
      .filter((event) => subjectId === undefined || (event.data.subject as { id: string }).id === subjectId)
      .map((event) => event.data);

  it("records a tenant-admin's person changes with the person before and after", async () => {
    const created = await request(server())
      .post(`${API}/people`)
      .set('authorization', `Bearer ${admin}`)
      .send({ name: 'Paula Prüfer', email: 'paula@demo.example', roles: ['staff'] })
      .expect(201);
    const id = created.body.id as string;
    await request(server())
      .patch(`${API}/people/${id}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ roles: ['staff', 'clerk'] })
      .expect(200);
    const recorded = await changes(id);
    const adminId = t.userId(ADMIN);
    expect(recorded).toEqual([
      {
        tenant: 'demo',
        actor: { userId: adminId, role: 'tenant-admin' },
        action: 'person.created',
        subject: { type: 'person', id },
        before: null,
        after: { id, name: 'Paula Prüfer', email: 'paula@demo.example', roles: ['staff'], active: true, externalId: null },
      },
      {
        tenant: 'demo',
        actor: { userId: adminId, role: 'tenant-admin' },
        action: 'person.updated',
        subject: { type: 'person', id },
        before: expect.objectContaining({ roles: ['staff'] }),
        after: expect.objectContaining({ roles: ['staff', 'clerk'] }),
      },
    ]);
  });

  it('records nothing for a refused change (409), and a SCIM client as role scim under its token id', async () => {
    const before = (await changes()).length;
    await request(server())
      .post(`${API}/people`)
      .set('authorization', `Bearer ${admin}`)
      .send({ name: 'Doppelt', email: 'paula@demo.example', roles: ['staff'] })
      .expect(409);
    expect(await changes()).toHaveLength(before);

    const token = await request(server()).post(`${API}/scim-tokens`).set('authorization', `Bearer ${admin}`).expect(201);
    const [issued] = await changes(token.body.id as string);
    expect(issued).toMatchObject({ action: 'scim-token.created', before: null, after: { id: token.body.id } });
    // The secret never: neither the token nor its hash.
    expect(JSON.stringify(issued)).not.toContain(token.body.token);

    const user = await request(server())
      .post(`${API}/scim/v2/Users`)
      .set('authorization', `Bearer ${token.body.token}`)
      .send({ userName: 'scim.person@demo.example', name: { givenName: 'Sina', familyName: 'Scim' }, active: true })
      .expect(201);
    expect(await changes(user.body.id as string)).toEqual([
      expect.objectContaining({ actor: { userId: token.body.id, role: 'scim' }, action: 'person.created' }),
    ]);

    await request(server()).delete(`${API}/scim-tokens/${token.body.id}`).set('authorization', `Bearer ${admin}`).expect(204);
    expect((await changes(token.body.id as string)).map((change) => change.action)).toEqual(['scim-token.created', 'scim-token.revoked']);
  });

  it('records each row a CSV import creates or changes, and nothing for an unchanged row', async () => {
    const csv = 'name,email,roles\nIma Import,ima@demo.example,staff\n';
    const first = await request(server())
      .post(`${API}/people/import`)
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(first.body).toMatchObject({ created: 1 });
    const before = (await changes()).length;
    await request(server())
      .post(`${API}/people/import`)
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(await changes()).toHaveLength(before);
    const imported = (await changes()).filter((change) => (change.after as { email?: string } | null)?.email === 'ima@demo.example');
    expect(imported).toEqual([
      expect.objectContaining({ action: 'person.created', actor: { userId: t.userId(ADMIN), role: 'tenant-admin' }, before: null }),
    ]);
  });

  it('records the messaging settings with before and after', async () => {
    await request(server())
      .put(`${API}/messaging-settings`)
      .set('authorization', `Bearer ${admin}`)
      .send({ messageRetentionDays: 90 })
      .expect(200);
    expect(await changes('demo')).toEqual([
      expect.objectContaining({
        action: 'messaging-settings.replaced',
        before: { messageRetentionDays: 365 },
        after: { messageRetentionDays: 90 },
      }),
    ]);
  });
  it("records the municipality's identity provider configured, changed and removed", async () => {
    const identity = {
      issuer: 'http://127.0.0.1:1/realms/demo',
      audience: 'amtsweg',
      clientId: 'amtsweg-web',
      rolesClaim: 'realm_access.roles',
      roleMapping: { 'amtsweg-clerk': 'clerk' },
    };
    await request(server()).put(`${API}/identity`).set('authorization', `Bearer ${admin}`).send(identity).expect(200);
    await request(server())
      .put(`${API}/identity`)
      .set('authorization', `Bearer ${admin}`)
      .send({ ...identity, audience: 'amtsweg-api' })
      .expect(200);
    await request(server()).delete(`${API}/identity`).set('authorization', `Bearer ${admin}`).expect(204);
    const recorded = (await changes('demo')).filter((change) => (change.action as string).startsWith('identity.'));
    expect(
      recorded.map((change) => [
        change.action,
        (change.before as { audience?: string } | null)?.audience ?? null,
        (change.after as { audience?: string } | null)?.audience ?? null,
      ]),
    ).toEqual([
      ['identity.configured', null, 'amtsweg'],
      ['identity.configured', 'amtsweg', 'amtsweg-api'],
      ['identity.removed', 'amtsweg-api', null],
    ]);
    expect(recorded.every((change) => (change.actor as { role: string }).role === 'tenant-admin')).toBe(true);
  });
});
