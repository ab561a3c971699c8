import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantCreatedV1 } from '@amtsweg/contracts';
import { KafkaEventBus, toBusRecord } from '@amtsweg/eventing';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase } from '@amtsweg/eventing/testing';
import { newId } from '@amtsweg/platform';
import { SseClient } from '@amtsweg/platform/testing';
import { demoUserToken } from '@amtsweg/platform/testing';
import { buildServices, MESSAGING_MAIN, ServiceChildProcess } from './service-child-process';

const SHUTDOWN_LIMIT_MS = 10_000;
const SHUTDOWN_DELAY_MS = 3_000;
const STREAMS = 3;
const PUBLIC_URL = 'http://amtsweg.test';

describeWithInfrastructure('SIGTERM with live streams open (built messaging on Kafka and PostgreSQL)', (infra) => {
  const topicPrefix = randomTopicPrefix();
  const messagingDb = TestDatabase.named(infra.databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-live-shutdown-'));
  let messaging: ServiceChildProcess | undefined;

  beforeAll(() => buildServices(), 120_000);

  afterAll(async () => {
    messaging?.kill();
    await messagingDb.drop();
    await deleteKafkaPrefix(infra.kafkaBrokers, topicPrefix);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** `demo` on the tenant registry's topic, as appointments (not running here) would have put it before. */
  const registerDemoTenant = async () => {
    const bus = new KafkaEventBus({ brokers: infra.kafkaBrokers, topicPrefix });
    const data = Object.assign(new TenantCreatedV1(), {
      slug: 'demo',
      name: 'Stadt Demo',
      federalState: 'NW',
      timeZone: 'Europe/Berlin',
      suspended: false,
      revision: 1,
    });
    try {
      await bus.publish([
        toBusRecord(TenantCreatedV1.topic, {
          id: newId(),
          source: '/amtsweg/appointments',
          type: TenantCreatedV1.type,
          specversion: '1.0',
          time: new Date().toISOString(),
          subject: 'demo',
          datacontenttype: 'application/json',
          tenantid: 'demo',
          correlationid: newId(),
          data,
        }),
      ]);
    } finally {
      await bus.close();
    }
  };

  it('ends the streams when the listener closes (clients reconnect elsewhere) and exits 0 within the limit', async () => {
    // Ready only once messaging has read it (its tenant-registry readiness check): then the stream knows the tenant.
    await registerDemoTenant();
    messaging = await ServiceChildProcess.start(MESSAGING_MAIN, {
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      PUBLIC_URL,
      MESSAGING_DATABASE_URL: messagingDb.url,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS),
    });
    await messaging.ready(90_000);
    const token = await demoUserToken({ DATA_DIR: dataDir, issuer: PUBLIC_URL, OIDC_AUDIENCE: 'amtsweg' }, 'clerk@demo.example');
    const streams = await Promise.all(
      Array.from({ length: STREAMS }, () =>
        SseClient.open(`${messaging!.baseUrl}/api/v1/tenants/demo/stream`, { authorization: `Bearer ${token}` }),
      ),
    );

    const sent = Date.now();
    const ended: number[] = [];
    for (const stream of streams) void stream.ended.then(() => ended.push(Date.now() - sent));
    const exit = await messaging.terminate();

    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.ms).toBeLessThanOrEqual(SHUTDOWN_LIMIT_MS);
    // Open through the delay (the pod still gets events and is being taken out of rotation), ended right after.
    expect(ended).toHaveLength(STREAMS);
    for (const ms of ended) expect(ms).toBeGreaterThanOrEqual(SHUTDOWN_DELAY_MS);
    for (const ms of ended) expect(ms).toBeLessThan(SHUTDOWN_DELAY_MS + 1_000);
    console.log(`SIGTERM with ${STREAMS} live streams: streams ended after ${ended.join(', ')} ms, exit 0 after ${exit.ms} ms`);
  }, 180_000);
});
