import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { TenantUpdatedV1 } from '@amtsweg/contracts';
import { EmbeddedEventBus, toBusRecord } from '@amtsweg/eventing';
import { EmbeddedPostgres, newId } from '@amtsweg/platform';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';
import { SignatureRequestStory } from '../../test/signature-events.fixture';
import { SseClient } from '@amtsweg/platform/testing';
import { demoUserId } from '@amtsweg/platform/testing';
import { waitFor } from '../../test/wait-for';
import { LiveConnections } from './live-connections';

const A = 'staff@demo.example';
const B = 'clerk@demo.example';
const OUTSIDER = 'it-admin@demo.example';

/**
 * Two messaging instances (two Nest apps) on one embedded database and one in-process bus — the
 * embedded stand-in for two deployments on one PostgreSQL and one Kafka cluster.
 */
describe('real time across two messaging instances (embedded database, shared in-process bus)', () => {
  let embedded: EmbeddedPostgres;
  const bus = new EmbeddedEventBus();
  let one: MessagingTestApp;
  let two: MessagingTestApp;
  const tokens: Record<string, string> = {};
  const streams: SseClient[] = [];
  // One data folder: a token of the development issuer holds on both instances.
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-live-'));

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    // Only instance one consumes other services' events; both fan out.
    one = await startMessagingApp({ database: embedded, dataDir, bus, consume: true, listen: true });
    two = await startMessagingApp({ database: embedded, dataDir, bus, listen: true });
    for (const email of [A, B, OUTSIDER, 'staff@muster.example']) tokens[email] = await one.token(email);
  }, 90_000);
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await two?.close();
    await one?.close();
    await embedded?.close();
  });

  const streamUrl = ({ app }: MessagingTestApp, tenant = 'demo') =>
    `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1/tenants/${tenant}/stream`;
  const connect = async (instance: MessagingTestApp, email: string, how: 'header' | 'query' = 'header'): Promise<SseClient> => {
    const stream =
      how === 'header'
        ? await SseClient.open(streamUrl(instance), { authorization: `Bearer ${tokens[email]}` })
        : await SseClient.open(`${streamUrl(instance)}?access_token=${encodeURIComponent(tokens[email])}`);
    streams.push(stream);
    return stream;
  };
  const as = ({ app }: MessagingTestApp, email: string) => ({
    post: (path: string, body: object) =>
      request(app.getHttpServer()).post(`/api/v1/tenants/demo${path}`).set('authorization', `Bearer ${tokens[email]}`).send(body),
    patch: (path: string, body: object) =>
      request(app.getHttpServer()).patch(`/api/v1/tenants/demo${path}`).set('authorization', `Bearer ${tokens[email]}`).send(body),
    put: (path: string) => request(app.getHttpServer()).put(`/api/v1/tenants/demo${path}`).set('authorization', `Bearer ${tokens[email]}`),
    delete: (path: string) =>
      request(app.getHttpServer()).delete(`/api/v1/tenants/demo${path}`).set('authorization', `Bearer ${tokens[email]}`),
  });

  it('delivers a message posted on instance one to its member connected to instance two, with the unread count', async () => {
    const streamA = await connect(one, A);
    const streamB = await connect(two, B, 'query');
    const outsider = await connect(two, OUTSIDER);
    expect(one.app.get(LiveConnections).size).toBeGreaterThanOrEqual(1);
    expect(two.app.get(LiveConnections).size).toBeGreaterThanOrEqual(2);

    const conversation = (
      await as(one, A)
        .post('/conversations', { kind: 'direct', memberId: demoUserId(B) })
        .expect(201)
    ).body;
    const posted = (await as(one, A).post(`/conversations/${conversation.id}/messages`, { body: 'Hallo von Instanz eins' }).expect(201))
      .body;

    const [received] = await waitFor(
      () => (streamB.of('message.posted').length > 0 ? streamB.of('message.posted') : undefined),
      5_000,
      'the message on instance two',
    );
    expect(received).toMatchObject({
      id: posted.id,
      conversationId: conversation.id,
      authorId: demoUserId(A),
      body: 'Hallo von Instanz eins',
    });
    await waitFor(
      () => streamB.of('unread').some((u) => (u as { unreadCount: number }).unreadCount === 1),
      5_000,
      'the unread count on instance two',
    );
    expect(streamB.of('unread')).toContainEqual({ scope: 'conversation', conversationId: conversation.id, unreadCount: 1 });
    // The author's own stream hears it too (other tabs), the outsider nothing.
    await waitFor(() => streamA.of('message.posted').length > 0, 5_000, "the author's own stream");

    await as(one, A).patch(`/conversations/${conversation.id}/messages/${posted.id}`, { body: 'Hallo, korrigiert' }).expect(200);
    await waitFor(
      () => streamB.of('message.edited').some((m) => (m as { body: string }).body === 'Hallo, korrigiert'),
      5_000,
      'the edit on instance two',
    );
    await as(one, A).put(`/conversations/${conversation.id}/messages/${posted.id}/reactions/heart`).expect(204);
    await waitFor(
      () =>
        streamB
          .of('message.reacted')
          .some(
            (m) => JSON.stringify((m as { reactions: unknown }).reactions) === JSON.stringify([{ name: 'heart', count: 1, mine: false }]),
          ),
      5_000,
      "the reaction on instance two, not marked as the reader's",
    );
    await as(one, A).delete(`/conversations/${conversation.id}/messages/${posted.id}`).expect(204);
    await waitFor(
      () => streamB.of('message.deleted').some((m) => (m as { id: string; body: null }).id === posted.id),
      5_000,
      'the deletion on instance two',
    );
    expect(streamB.of('message.deleted')[0]).toMatchObject({ body: null, deletedAt: expect.any(String) });
    await waitFor(
      () => streamB.of('unread').some((u) => (u as { unreadCount: number }).unreadCount === 0),
      5_000,
      'unread back to 0 after the deletion',
    );

    const authorsUnread = streamA.of('unread').length;
    const second = (await as(one, A).post(`/conversations/${conversation.id}/messages`, { body: 'Noch eine' }).expect(201)).body;
    await waitFor(() => streamB.of('message.posted').length === 2, 5_000, 'the second message');
    // The author's own count follows the message after a query: counted only once it has come.
    await waitFor(() => streamA.of('unread').length > authorsUnread, 5_000, "the author's count after the second message");
    const before = streamA.of('unread').length;
    await as(two, B).post(`/conversations/${conversation.id}/read`, { messageId: second.id }).expect(204);
    await waitFor(() => streamB.of('unread').at(-1), 5_000, 'the read mark');
    await waitFor(() => (streamB.of('unread').at(-1) as { unreadCount: number }).unreadCount === 0, 5_000, 'unread 0 after reading');
    expect(streamA.of('unread').length).toBe(before);
    expect(outsider.events).toEqual([]);
  });

  it('pushes a notification created by the consumer on instance one to the recipient on instance two', async () => {
    const streamB = await connect(two, B);
    const story = new SignatureRequestStory('Haushaltsplan 2027', undefined, [[{ userId: demoUserId(B), email: B }]]);
    await bus.publish([story.created()]);
    const [notification] = await waitFor(
      () => (streamB.of('notification.created').length > 0 ? streamB.of('notification.created') : undefined),
      5_000,
      'the notification',
    );
    expect(notification).toMatchObject({
      kind: 'signature.sign-requested',
      title: 'Dokument zur Unterschrift: Haushaltsplan 2027',
      link: `/signaturen/${story.requestId}`,
    });
    await waitFor(
      () => streamB.of('unread').some((u) => (u as { scope: string }).scope === 'notifications'),
      5_000,
      'the notification unread count',
    );
  });

  it('refuses a stream without a valid token (401) or for another tenant (404)', async () => {
    await expect(SseClient.open(streamUrl(one))).rejects.toMatchObject({ status: 401 });
    await expect(SseClient.open(`${streamUrl(one)}?access_token=not-a-token`)).rejects.toMatchObject({ status: 401 });
    await expect(SseClient.open(streamUrl(one), { authorization: `Bearer ${tokens['staff@muster.example']}` })).rejects.toMatchObject({
      status: 404,
    });
  });

  // Last: muster stays suspended.
  it("ends every open stream of a tenant that gets suspended, on every instance, and refuses new ones 403; other tenants' stay open", async () => {
    const muster = 'staff@muster.example';
    const open = (instance: MessagingTestApp) =>
      SseClient.open(streamUrl(instance, 'muster'), { authorization: `Bearer ${tokens[muster]}` }).then((stream) => {
        streams.push(stream);
        return stream;
      });
    const [onOne, onTwo] = [await open(one), await open(two)];
    const demo = await connect(two, A);
    let demoEnded = false;
    void demo.ended.then(() => (demoEnded = true));

    // As appointments publishes it on the registry's topic.
    const suspension = Object.assign(new TenantUpdatedV1(), {
      slug: 'muster',
      name: 'Gemeinde Muster',
      federalState: 'NW',
      timeZone: 'Europe/Berlin',
      suspended: true,
      revision: 2,
    });
    await bus.publish([
      toBusRecord(TenantUpdatedV1.topic, {
        id: newId(),
        source: '/amtsweg/appointments',
        type: TenantUpdatedV1.type,
        specversion: '1.0',
        time: new Date().toISOString(),
        subject: 'muster',
        datacontenttype: 'application/json',
        tenantid: 'muster',
        correlationid: newId(),
        data: suspension,
      }),
    ]);
    await Promise.all([onOne.ended, onTwo.ended]);
    // Instance one's consumer projected it (both instances read the one database): a new stream is refused.
    await waitFor(
      () =>
        request(one.app.getHttpServer())
          .get('/api/v1/tenants/muster/conversations')
          .set('authorization', `Bearer ${tokens[muster]}`)
          .then((r) => r.status === 403),
      5_000,
      'muster known as suspended',
    );
    await expect(open(two)).rejects.toMatchObject({ status: 403 });
    expect(demoEnded).toBe(false);
    expect(two.app.get(LiveConnections).isConnected('demo', demoUserId(A))).toBe(true);
  });
});
