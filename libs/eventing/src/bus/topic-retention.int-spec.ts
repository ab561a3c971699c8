import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { describeWithInfrastructure } from '../testing/infrastructure';
import { deleteKafkaPrefix, randomTopicPrefix } from '../testing/kafka-cleanup';
import { KafkaEventBus } from './kafka-event-bus';

describeWithInfrastructure('retention of the topics the bus creates (Kafka)', ({ kafkaBrokers }) => {
  const prefix = randomTopicPrefix();
  const bus = new KafkaEventBus({ brokers: kafkaBrokers, topicPrefix: prefix });

  afterAll(async () => {
    await bus.close();
    await deleteKafkaPrefix(kafkaBrokers, prefix);
  });

  it('keeps booking and release records 3 days and their dead letters 7, compacts the tenant registry, and leaves other topics at the broker default', async () => {
    const topics = [
      'appointments.booking',
      'appointments.booking.dlq',
      'appointments.release',
      'appointments.release.dlq',
      'devices.device',
      'appointments.tenant-registry',
    ];
    await bus.ensureTopics(topics);
    const admin = new Kafka({ clientId: 'amtsweg-test-retention', brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((topic) => ({
          type: ConfigResourceTypes.TOPIC,
          name: prefix + topic,
          configNames: ['retention.ms', 'cleanup.policy'],
        })),
      });
      const retention = Object.fromEntries(
        resources.map((resource) => {
          const entry = resource.configEntries.find((config) => config.configName === 'retention.ms')!;
          const cleanup = resource.configEntries.find((config) => config.configName === 'cleanup.policy')!;
          return [
            resource.resourceName.slice(prefix.length),
            { ms: Number(entry.configValue), isDefault: entry.isDefault, cleanup: cleanup.configValue },
          ];
        }),
      );
      const day = 24 * 3_600_000;
      expect(retention).toEqual({
        'appointments.booking': { ms: 3 * day, isDefault: false, cleanup: 'delete' },
        'appointments.booking.dlq': { ms: 7 * day, isDefault: false, cleanup: 'delete' },
        'appointments.release': { ms: 3 * day, isDefault: false, cleanup: 'delete' },
        'appointments.release.dlq': { ms: 7 * day, isDefault: false, cleanup: 'delete' },
        'devices.device': { ms: expect.any(Number), isDefault: true, cleanup: 'delete' },
        // The tenant registry: compacted, the newest record per slug kept for ever.
        'appointments.tenant-registry': { ms: expect.any(Number), isDefault: true, cleanup: 'compact' },
      });
    } finally {
      await admin.disconnect();
    }
  });

  it('compacts the people directory: the latest record of each person stays for good', async () => {
    const topics = ['messaging.person', 'messaging.person.dlq', 'messaging.message'];
    await bus.ensureTopics(topics);
    const admin = new Kafka({ clientId: 'amtsweg-test-compaction', brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: prefix + topic, configNames: ['cleanup.policy'] })),
      });
      const policy = Object.fromEntries(
        resources.map((resource) => [
          resource.resourceName.slice(prefix.length),
          resource.configEntries.find((config) => config.configName === 'cleanup.policy')?.configValue,
        ]),
      );
      expect(policy).toEqual({ 'messaging.person': 'compact', 'messaging.person.dlq': 'delete', 'messaging.message': 'delete' });
    } finally {
      await admin.disconnect();
    }
  });
});
