import request from 'supertest';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';
import { demoUserId } from '@amtsweg/platform/testing';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const IT = 'it-admin@demo.example';
const ADMIN = 'admin@demo.example';
const MUSTER = 'staff@muster.example';

interface Conversation {
  id: string;
  kind: string;
  name: string | null;
  createdBy: string;
  memberIds: string[];
  unreadCount: number;
}
interface Message {
  id: string;
  authorId: string;
  body: string | null;
  editedAt: string | null;
  deletedAt: string | null;
  reactions: Array<{ name: string; count: number; mine: boolean }>;
}

describe('conversations and messages (embedded database)', () => {
  let t: MessagingTestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startMessagingApp();
    for (const email of [STAFF, CLERK, IT, ADMIN, MUSTER]) tokens[email] = await t.token(email);
  }, 60_000);
  afterAll(() => t?.close());
  beforeEach(() => t.dataSource.query('TRUNCATE messaging.conversation CASCADE'));

  const as = (email: string) => {
    const auth = (test: request.Test) => test.set('authorization', `Bearer ${tokens[email]}`);
    const base = `/api/v1/tenants/${email.endsWith('muster.example') ? 'muster' : 'demo'}/conversations`;
    const server = t.app.getHttpServer();
    return {
      get: (path = '') => auth(request(server).get(`${base}${path}`)),
      post: (path: string, body?: object) => auth(request(server).post(`${base}${path}`)).send(body),
      patch: (path: string, body: object) => auth(request(server).patch(`${base}${path}`)).send(body),
      put: (path: string) => auth(request(server).put(`${base}${path}`)),
      delete: (path: string) => auth(request(server).delete(`${base}${path}`)),
    };
  };
  const direct = async (from: string, to: string): Promise<Conversation> =>
    (await as(from).post('', { kind: 'direct', memberId: demoUserId(to) })).body;
  const post = async (from: string, id: string, body: string): Promise<Message> =>
    (await as(from).post(`/${id}/messages`, { body }).expect(201)).body;

  it('lists the people of my municipality to write to: names and ids, no addresses, no other tenant', async () => {
    const response = await t.http().get('/api/v1/tenants/demo/people').set('authorization', `Bearer ${tokens[STAFF]}`).expect(200);
    expect(response.body).toContainEqual({ id: demoUserId(CLERK), name: expect.any(String) });
    expect(response.body.map((person: { id: string }) => person.id)).not.toContain(demoUserId(MUSTER));
    for (const person of response.body) expect(Object.keys(person).sort()).toEqual(['id', 'name']);
    await t.http().get('/api/v1/tenants/demo/people').expect(401);
    await t.http().get('/api/v1/tenants/demo/people').set('authorization', `Bearer ${tokens[MUSTER]}`).expect(404);
  });

  it('gives the same pair the same direct conversation back, from either side', async () => {
    const first = await as(STAFF)
      .post('', { kind: 'direct', memberId: demoUserId(CLERK) })
      .expect(201);
    const again = await as(STAFF)
      .post('', { kind: 'direct', memberId: demoUserId(CLERK) })
      .expect(200);
    const otherSide = await as(CLERK)
      .post('', { kind: 'direct', memberId: demoUserId(STAFF) })
      .expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(otherSide.body.id).toBe(first.body.id);
    expect([...first.body.memberIds].sort()).toEqual([demoUserId(STAFF), demoUserId(CLERK)].sort());
    expect(first.body).toMatchObject({ kind: 'direct', name: null, case: null, unreadCount: 0 });
  });

  it('refuses members who are not users of the tenant, yourself as partner, and a malformed request', async () => {
    await as(STAFF)
      .post('', { kind: 'direct', memberId: demoUserId(MUSTER) })
      .expect(422);
    await as(STAFF)
      .post('', { kind: 'direct', memberId: demoUserId(STAFF) })
      .expect(422);
    await as(STAFF)
      .post('', { kind: 'group', name: 'Team', memberIds: ['nobody'] })
      .expect(422);
    await as(STAFF)
      .post('', { kind: 'group', memberIds: [demoUserId(CLERK)] })
      .expect(400);
    await as(STAFF)
      .post('', { kind: 'case', memberId: demoUserId(CLERK) })
      .expect(400);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM messaging.conversation'))[0].n).toBe(0);
  });

  it("lets only a group's creator add members; others get 403, non-members 404", async () => {
    const group: Conversation = (
      await as(STAFF)
        .post('', { kind: 'group', name: 'Bürgerbüro', memberIds: [demoUserId(CLERK)] })
        .expect(201)
    ).body;
    expect(group).toMatchObject({ kind: 'group', name: 'Bürgerbüro', createdBy: demoUserId(STAFF) });
    await as(CLERK)
      .post(`/${group.id}/members`, { userIds: [demoUserId(IT)] })
      .expect(403);
    await as(IT)
      .post(`/${group.id}/members`, { userIds: [demoUserId(IT)] })
      .expect(404);
    await as(IT).get(`/${group.id}`).expect(404);
    const grown = await as(STAFF)
      .post(`/${group.id}/members`, { userIds: [demoUserId(IT)] })
      .expect(200);
    expect(grown.body.memberIds).toHaveLength(3);
    await as(IT).get(`/${group.id}`).expect(200);

    const pair = await direct(STAFF, CLERK);
    await as(STAFF)
      .post(`/${pair.id}/members`, { userIds: [demoUserId(IT)] })
      .expect(409);
  });

  it('shows nothing to non-members or to another tenant (404)', async () => {
    const pair = await direct(STAFF, CLERK);
    const message = await post(STAFF, pair.id, 'Hallo');
    for (const email of [IT, MUSTER]) {
      const who = as(email);
      await who.get(`/${pair.id}`).expect(404);
      await who.get(`/${pair.id}/messages`).expect(404);
      await who.post(`/${pair.id}/messages`, { body: 'Ich auch' }).expect(404);
      await who.post(`/${pair.id}/read`, { messageId: message.id }).expect(404);
      await who.get(`/${pair.id}/search?q=Hallo`).expect(404);
      await who.delete(`/${pair.id}/messages/${message.id}`).expect(404);
    }
    // A token of another tenant on this tenant's path.
    await t.http().get(`/api/v1/tenants/demo/conversations/${pair.id}`).set('authorization', `Bearer ${tokens[MUSTER]}`).expect(404);
    expect((await as(IT).get().expect(200)).body.items).toEqual([]);
  });

  it('keeps messages to 10,000 characters and refuses blank ones', async () => {
    const pair = await direct(STAFF, CLERK);
    await as(STAFF)
      .post(`/${pair.id}/messages`, { body: 'x'.repeat(10_001) })
      .expect(400);
    await as(STAFF).post(`/${pair.id}/messages`, { body: '   ' }).expect(400);
    await as(STAFF).post(`/${pair.id}/messages`, {}).expect(400);
    await post(STAFF, pair.id, 'ä'.repeat(10_000));
  });

  it('pages the history newest first with `before`', async () => {
    const pair = await direct(STAFF, CLERK);
    const sent: Message[] = [];
    for (let i = 1; i <= 5; i++) sent.push(await post(i % 2 ? STAFF : CLERK, pair.id, `Nachricht ${i}`));
    const first = await as(CLERK).get(`/${pair.id}/messages?limit=2`).expect(200);
    expect(first.body.items.map((m: Message) => m.body)).toEqual(['Nachricht 5', 'Nachricht 4']);
    const second = await as(CLERK).get(`/${pair.id}/messages?limit=2&before=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((m: Message) => m.body)).toEqual(['Nachricht 3', 'Nachricht 2']);
    const last = await as(CLERK).get(`/${pair.id}/messages?limit=2&before=${second.body.nextCursor}`).expect(200);
    expect(last.body.items.map((m: Message) => m.body)).toEqual(['Nachricht 1']);
    expect(last.body.nextCursor).toBeNull();
    await as(CLERK).get(`/${pair.id}/messages?before=garbage`).expect(400);
  });

  it('lets the author edit within 15 minutes, not later, and nobody else', async () => {
    const pair = await direct(STAFF, CLERK);
    const message = await post(STAFF, pair.id, 'Termin um 10 Uhr');
    await as(CLERK).patch(`/${pair.id}/messages/${message.id}`, { body: 'Gefälscht' }).expect(403);
    const edited = await as(STAFF).patch(`/${pair.id}/messages/${message.id}`, { body: 'Termin um 11 Uhr' }).expect(200);
    expect(edited.body).toMatchObject({ body: 'Termin um 11 Uhr', editedAt: expect.any(String) });

    await t.dataSource.query(`UPDATE messaging.message SET created_at = now() - interval '16 minutes' WHERE id = $1`, [message.id]);
    const late = await as(STAFF).patch(`/${pair.id}/messages/${message.id}`, { body: 'Termin um 12 Uhr' }).expect(409);
    expect(late.body.code).toBe('MESSAGE.EDIT_WINDOW_CLOSED');
    expect((await as(CLERK).get(`/${pair.id}/messages`)).body.items[0].body).toBe('Termin um 11 Uhr');
  });

  it('leaves a tombstone when the author deletes a message', async () => {
    const pair = await direct(STAFF, CLERK);
    const message = await post(STAFF, pair.id, 'Versehentlich gesendet');
    await as(CLERK).delete(`/${pair.id}/messages/${message.id}`).expect(403);
    await as(STAFF).delete(`/${pair.id}/messages/${message.id}`).expect(204);
    await as(STAFF).delete(`/${pair.id}/messages/${message.id}`).expect(409);
    await as(STAFF).patch(`/${pair.id}/messages/${message.id}`, { body: 'doch' }).expect(409);
    const [tombstone] = (await as(CLERK).get(`/${pair.id}/messages`).expect(200)).body.items;
    expect(tombstone).toMatchObject({ id: message.id, body: null, deletedAt: expect.any(String) });
    const [row] = await t.dataSource.query('SELECT body FROM messaging.message WHERE id = $1', [message.id]);
    expect(row.body).toBeNull();
  });

  it('counts unread messages of others per conversation until read, and the mark never moves back', async () => {
    const pair = await direct(STAFF, CLERK);
    const m1 = await post(STAFF, pair.id, 'Eins');
    await post(STAFF, pair.id, 'Zwei');
    const m3 = await post(STAFF, pair.id, 'Drei');
    await post(CLERK, pair.id, 'Antwort');
    const unread = async (email: string) =>
      (await as(email).get().expect(200)).body.items.find((c: Conversation) => c.id === pair.id).unreadCount;
    expect(await unread(CLERK)).toBe(3);
    expect(await unread(STAFF)).toBe(1);
    await as(CLERK).post(`/${pair.id}/read`, { messageId: m1.id }).expect(204);
    expect(await unread(CLERK)).toBe(2);
    await as(CLERK).post(`/${pair.id}/read`, { messageId: m3.id }).expect(204);
    expect(await unread(CLERK)).toBe(0);
    await as(CLERK).post(`/${pair.id}/read`, { messageId: m1.id }).expect(204);
    expect(await unread(CLERK)).toBe(0);
    const elsewhere = await direct(STAFF, IT);
    const foreign = await post(STAFF, elsewhere.id, 'Woanders');
    await as(CLERK).post(`/${pair.id}/read`, { messageId: foreign.id }).expect(404);
  });

  it('lists my conversations by latest activity', async () => {
    const a = await direct(STAFF, CLERK);
    const b = await direct(STAFF, IT);
    await post(CLERK, a.id, 'neu');
    const page1 = await as(STAFF).get('?limit=1').expect(200);
    expect(page1.body.items.map((c: Conversation) => c.id)).toEqual([a.id]);
    const page2 = await as(STAFF).get(`?limit=1&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items.map((c: Conversation) => c.id)).toEqual([b.id]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('searches German text with stemming, skipping deleted messages and other conversations', async () => {
    const pair = await direct(STAFF, CLERK);
    await post(STAFF, pair.id, 'Die Unterschriften für den Mietvertrag fehlen noch');
    const gone = await post(STAFF, pair.id, 'Unterschrift bitte bis Freitag');
    await post(CLERK, pair.id, 'Das Büro ist morgen geschlossen');
    await as(STAFF).delete(`/${pair.id}/messages/${gone.id}`).expect(204);
    const other = await direct(STAFF, IT);
    await post(STAFF, other.id, 'Unterschrift auch hier');

    const found = await as(CLERK).get(`/${pair.id}/search`).query({ q: 'Unterschrift' }).expect(200);
    expect(found.body.items.map((m: Message) => m.body)).toEqual(['Die Unterschriften für den Mietvertrag fehlen noch']);
    expect((await as(CLERK).get(`/${pair.id}/search`).query({ q: 'Büro geschlossenen' }).expect(200)).body.items).toHaveLength(1);
    expect((await as(CLERK).get(`/${pair.id}/search`).query({ q: 'Urlaub' }).expect(200)).body.items).toEqual([]);
    await as(CLERK).get(`/${pair.id}/search`).expect(400);

    const [plan] = await t.dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'messaging' AND indexname = 'message_search_idx'`,
    );
    expect(plan.indexdef).toMatch(/USING gin \(to_tsvector\('german'::regconfig, body\)\)/);
  });

  describe('reactions', () => {
    const history = async (email: string, id: string): Promise<Message[]> =>
      (await as(email).get(`/${id}/messages`).expect(200)).body.items;

    it('counts reactions per name, marks mine, and reacting again or taking back twice changes nothing', async () => {
      const conversation = await direct(STAFF, CLERK);
      const message = await post(STAFF, conversation.id, 'Termin um 10 Uhr?');
      expect(message.reactions).toEqual([]);
      const path = `/${conversation.id}/messages/${message.id}/reactions`;
      await as(STAFF).put(`${path}/thumbs-up`).expect(204);
      await as(STAFF).put(`${path}/thumbs-up`).expect(204);
      await as(CLERK).put(`${path}/thumbs-up`).expect(204);
      await as(CLERK).put(`${path}/tada`).expect(204);

      expect((await history(STAFF, conversation.id))[0].reactions).toEqual([
        { name: 'thumbs-up', count: 2, mine: true },
        { name: 'tada', count: 1, mine: false },
      ]);
      expect((await history(CLERK, conversation.id))[0].reactions).toEqual([
        { name: 'thumbs-up', count: 2, mine: true },
        { name: 'tada', count: 1, mine: true },
      ]);

      await as(CLERK).delete(`${path}/thumbs-up`).expect(204);
      await as(CLERK).delete(`${path}/thumbs-up`).expect(204);
      expect((await history(CLERK, conversation.id))[0].reactions).toEqual([
        { name: 'thumbs-up', count: 1, mine: false },
        { name: 'tada', count: 1, mine: true },
      ]);
      // An edit keeps the reactions, and answers with them.
      const edited: Message = (
        await as(STAFF).patch(`/${conversation.id}/messages/${message.id}`, { body: 'Termin um 11 Uhr?' }).expect(200)
      ).body;
      expect(edited.reactions).toEqual([
        { name: 'thumbs-up', count: 1, mine: true },
        { name: 'tada', count: 1, mine: false },
      ]);
    });

    it('knows only the fixed set by name, and no raw emoji', async () => {
      const conversation = await direct(STAFF, CLERK);
      const message = await post(STAFF, conversation.id, 'Hallo');
      const path = `/${conversation.id}/messages/${message.id}/reactions`;
      const unknown = await as(STAFF).put(`${path}/thumbsup`).expect(404);
      expect(unknown.body.code).toBe('REACTION.UNKNOWN');
      await as(STAFF)
        .put(`${path}/${encodeURIComponent('👍')}`)
        .expect(404);
      await as(STAFF).delete(`${path}/thumbsup`).expect(404);
    });

    it('hides the message from non-members and another tenant (404), and a deleted message takes none and keeps none', async () => {
      const conversation = await direct(STAFF, CLERK);
      const message = await post(STAFF, conversation.id, 'Hallo');
      const path = `/${conversation.id}/messages/${message.id}/reactions/heart`;
      await as(IT).put(path).expect(404);
      await as(MUSTER).put(path).expect(404);
      await as(IT).delete(path).expect(404);
      await as(STAFF).put(`/${conversation.id}/messages/00000000-0000-7000-8000-000000000000/reactions/heart`).expect(404);
      await as(CLERK).put(path).expect(204);

      await as(STAFF).delete(`/${conversation.id}/messages/${message.id}`).expect(204);
      expect((await history(CLERK, conversation.id))[0]).toMatchObject({ body: null, reactions: [] });
      const refused = await as(CLERK).put(path).expect(409);
      expect(refused.body.code).toBe('MESSAGE.DELETED');
      await as(CLERK).delete(path).expect(204);
    });
  });

  describe('mentions', () => {
    const notifications = async (email: string) =>
      (await t.http().get('/api/v1/tenants/demo/notifications').set('authorization', `Bearer ${tokens[email]}`).expect(200)).body
        .items as Array<{
        kind: string;
        title: string;
        body: string;
        link: string;
      }>;
    const group = async (): Promise<Conversation> =>
      (
        await as(STAFF)
          .post('', { kind: 'group', name: 'Team Bürgerbüro', memberIds: [demoUserId(CLERK), demoUserId(IT)] })
          .expect(201)
      ).body;

    it('notifies the mentioned member however many messages they have not read, linking to the message, without the text', async () => {
      const conversation = await group();
      for (let i = 0; i < 5; i++) await post(STAFF, conversation.id, `Rundschreiben ${i}`);
      const before = (await notifications(CLERK)).filter((n) => n.kind === 'conversation.mention').length;
      const message: Message = (
        await as(STAFF)
          .post(`/${conversation.id}/messages`, { body: '@Clara bitte prüfen', mentions: [demoUserId(CLERK), demoUserId(CLERK)] })
          .expect(201)
      ).body;
      const mentions = (await notifications(CLERK)).filter((n) => n.kind === 'conversation.mention');
      expect(mentions).toHaveLength(before + 1);
      expect(mentions[0]).toMatchObject({ link: `/arbeitsplatz/nachrichten/${conversation.id}#nachricht-${message.id}` });
      expect(JSON.stringify(mentions[0])).not.toContain('prüfen');
      // Who was not mentioned hears nothing of it.
      expect((await notifications(IT)).filter((n) => n.link?.includes(message.id))).toEqual([]);
    });

    it('refuses (422) a mention of a non-member, of someone unknown, and of a deactivated member; posts nothing then', async () => {
      const conversation = await direct(STAFF, CLERK);
      for (const mention of [demoUserId(IT), 'nobody']) {
        const refused = await as(STAFF)
          .post(`/${conversation.id}/messages`, { body: 'Hallo', mentions: [mention] })
          .expect(422);
        expect(refused.body.code).toBe('MESSAGE.UNKNOWN_MENTION');
      }
      const team = await group();
      const admin = (path: string) =>
        request(t.app.getHttpServer()).patch(`/api/v1/tenants/demo/people${path}`).set('authorization', `Bearer ${tokens[ADMIN]}`);
      await admin(`/${demoUserId(IT)}`)
        .send({ active: false })
        .expect(200);
      try {
        const refused = await as(STAFF)
          .post(`/${team.id}/messages`, { body: 'Hallo', mentions: [demoUserId(IT)] })
          .expect(422);
        expect(refused.body.code).toBe('MESSAGE.UNKNOWN_MENTION');
      } finally {
        await admin(`/${demoUserId(IT)}`)
          .send({ active: true })
          .expect(200);
      }
      expect((await as(STAFF).get(`/${conversation.id}/messages`).expect(200)).body.items).toEqual([]);
      await as(STAFF).post(`/${conversation.id}/messages`, { body: 'Hallo', mentions: 'clerk' }).expect(400);
    });
  });
});
