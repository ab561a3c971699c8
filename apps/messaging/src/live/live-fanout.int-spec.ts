import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase } from '@amtsweg/eventing/testing';
import { PlatformConfig } from '@amtsweg/platform';
import { startMessagingApp } from '../../test/messaging-app';
import { SseClient } from '../../test/sse-client';
import { demoToken, demoUserId } from '../../test/tokens';
import { waitFor } from '../../test/wait-for';
import { LiveFanout } from './live-fanout';

const A = 'staff@demo.example';
const B = 'clerk@demo.example';

describeWithInfrastructure('real time across two messaging instances on one PostgreSQL database and Kafka', (infrastructure) => {
  const database = TestDatabase.named(infrastructure.databaseUrl);
  const topicPrefix = randomTopicPrefix();
  const savedEnv = { ...process.env };
  const env = {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-live-int-')),
    DATABASE_URL: infrastructure.databaseUrl,
    KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
  };
  let one: INestApplication;
  let two: INestApplication;
  const streams: SseClient[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    // Both instances on the same database: the service's own, named for this test.
    process.env.MESSAGING_DATABASE_URL = database.url;
    one = await startMessagingApp(null, env);
    two = await startMessagingApp(null, env);
    await one.listen(0, '127.0.0.1');
    await two.listen(0, '127.0.0.1');
    for (const email of [A, B]) tokens[email] = await demoToken(one.get(PlatformConfig), email);
  }, 90_000);
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await two?.close();
    await one?.close();
    process.env = savedEnv;
    await database.drop();
    await deleteKafkaPrefix(infrastructure.kafkaBrokers, topicPrefix);
  }, 60_000);

  const connect = async (app: INestApplication, email: string): Promise<SseClient> => {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const stream = await SseClient.open(
      `http://127.0.0.1:${port}/api/v1/tenants/demo/stream?access_token=${encodeURIComponent(tokens[email])}`,
    );
    streams.push(stream);
    return stream;
  };

  it('gives each instance a consumer group of its own', () => {
    expect(one.get(LiveFanout).group).not.toBe(two.get(LiveFanout).group);
    expect(one.get(LiveFanout).group).toMatch(/^messaging-live-/);
  });

  it('A posts on instance one, B (on instance two) sees it at once; and back', async () => {
    const streamA = await connect(one, A);
    const streamB = await connect(two, B);
    const conversation = (
      await request(one.getHttpServer())
        .post('/api/v1/tenants/demo/conversations')
        .set('authorization', `Bearer ${tokens[A]}`)
        .send({ kind: 'direct', memberId: demoUserId(B) })
        .expect(201)
    ).body;

    const sentAt = Date.now();
    const posted = (
      await request(one.getHttpServer())
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
      await request(two.getHttpServer())
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
