import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase } from '@amtsweg/eventing/testing';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';
import { SseClient } from '@amtsweg/platform/testing';
import { demoUserId } from '@amtsweg/platform/testing';
import { waitFor } from '../../test/wait-for';
import { LiveFanout } from './live-fanout';

const A = 'staff@demo.example';
const B = 'clerk@demo.example';

describeWithInfrastructure('real time across two messaging instances on one PostgreSQL database and Kafka', (infrastructure) => {
  const database = TestDatabase.named(infrastructure.databaseUrl);
  const topicPrefix = randomTopicPrefix();
  // One data folder (a token of the development issuer holds on both), one database, the broker under a prefix of this test's own.
  const options = {
    dataDir: mkdtempSync(join(tmpdir(), 'amtsweg-live-int-')),
    database,
    env: { KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix },
    listen: true,
  };
  let one: MessagingTestApp;
  let two: MessagingTestApp;
  const streams: SseClient[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    one = await startMessagingApp(options);
    two = await startMessagingApp(options);
    for (const email of [A, B]) tokens[email] = await one.token(email);
  }, 90_000);
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await two?.close();
    await one?.close();
    await database.drop();
    await deleteKafkaPrefix(infrastructure.kafkaBrokers, topicPrefix);
  }, 60_000);

  const connect = async ({ app }: MessagingTestApp, email: string): Promise<SseClient> => {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const stream = await SseClient.open(
      `http://127.0.0.1:${port}/api/v1/tenants/demo/stream?access_token=${encodeURIComponent(tokens[email])}`,
    );
    streams.push(stream);
    return stream;
  };

  it('gives each instance a consumer group of its own', () => {
    expect(one.app.get(LiveFanout).group).not.toBe(two.app.get(LiveFanout).group);
    expect(one.app.get(LiveFanout).group).toMatch(/^messaging-live-/);
  });

  it('A posts on instance one, B (on instance two) sees it at once; and back', async () => {
    const streamA = await connect(one, A);
    const streamB = await connect(two, B);
    const conversation = (
      await one
        .http()
        .post('/api/v1/tenants/demo/conversations')
        .set('authorization', `Bearer ${tokens[A]}`)
        .send({ kind: 'direct', memberId: demoUserId(B) })
        .expect(201)
    ).body;

    const sentAt = Date.now();
    const posted = (
      await one
        .http()
        .post(`/api/v1/tenants/demo/conversations/${conversation.id}/messages`)
        .set('authorization', `Bearer ${tokens[A]}`)
        .send({ body: 'Hallo über Kafka' })
        .expect(201)
    ).body;
    const [received] = await waitFor(
      () => (streamB.of('message.posted').length > 0 ? streamB.of('message.posted') : undefined),
      10_000,
      'the message on instance two',
    );
    const latencyMs = Date.now() - sentAt;
    expect(received).toMatchObject({ id: posted.id, body: 'Hallo über Kafka', authorId: demoUserId(A) });
    await waitFor(() => streamB.of('unread').some((u) => (u as { unreadCount: number }).unreadCount === 1), 10_000, 'the unread count');

    const reply = (
      await two
        .http()
        .post(`/api/v1/tenants/demo/conversations/${conversation.id}/messages`)
        .set('authorization', `Bearer ${tokens[B]}`)
        .send({ body: 'Angekommen' })
        .expect(201)
    ).body;
    await waitFor(
      () => streamA.of('message.posted').some((m) => (m as { id: string }).id === reply.id),
      10_000,
      'the reply on instance one',
    );
    console.log(`post on instance one → receipt on instance two: ${latencyMs} ms`);
  }, 60_000);
});
