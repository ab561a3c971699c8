import { describeWithInfrastructure, randomTopicPrefix, waitFor } from '@amtsweg/eventing/testing';
import { EmbeddedPostgres } from '@amtsweg/platform';
import { startMessagingApp, type MessagingTestApp } from '../../apps/messaging/test/messaging-app';
import { KafkaBroker } from '../../libs/eventing/src/testing/kafka-broker';
import { sample } from './log-capture';

/**
 * Ready means: the service's own database answers. The broker going away must not take the pods
 * out of service — the outbox holds what cannot be published, and the broker's state is a metric.
 * A broker of this file's own (ports no other suite uses), killed and restarted with its data.
 */
describeWithInfrastructure('readiness while the Kafka broker is away (messaging, consuming)', () => {
  const broker = new KafkaBroker(19292, 19293);
  let embedded: EmbeddedPostgres;
  let t: MessagingTestApp | undefined;
  let brokerDown = false;

  beforeAll(async () => {
    broker.start();
    embedded = await EmbeddedPostgres.openIsolated();
    t = await startMessagingApp({
      database: embedded,
      env: { KAFKA_BROKERS: broker.address, KAFKA_TOPIC_PREFIX: randomTopicPrefix() },
      consume: true,
    });
  }, 180_000);

  afterAll(async () => {
    // kafkajs keeps reconnecting a consumer closed while its broker is dead: bring it back first.
    if (brokerDown) broker.start({ keepData: true });
    await t?.close();
    await embedded?.close();
    broker.stop();
  }, 120_000);

  const ready = async () => (await t!.http().get('/health/ready')).status;
  const brokerConnected = async () => sample((await t!.http().get('/metrics')).text, 'amtsweg_broker_connected', {});

  it('stays ready while the broker is dead and after it returns; amtsweg_broker_connected reports the outage', async () => {
    const bus = t!.bus;
    await waitFor('the consumers in their groups', () => bus.isHealthy(), Boolean, { timeoutMs: 60_000, intervalMs: 200 });
    // Ready once the tenant registry has been read (what its topic held at start); from then on without the broker.
    await waitFor('the service to be ready', ready, (status) => status === 200, { timeoutMs: 30_000, intervalMs: 200 });

    broker.kill();
    brokerDown = true;
    await waitFor(
      'the bus to notice the dead broker',
      () => bus.isHealthy(),
      (healthy) => !healthy,
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    expect(await ready()).toBe(200);
    expect(await brokerConnected()).toBe(0);

    broker.start({ keepData: true });
    brokerDown = false;
    const statuses = new Set<number>();
    await waitFor(
      'amtsweg_broker_connected back at 1',
      async () => {
        statuses.add(await ready());
        return brokerConnected();
      },
      (connected) => connected === 1,
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    expect([...statuses]).toEqual([200]);
  }, 300_000);
});
