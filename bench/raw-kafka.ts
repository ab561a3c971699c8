/**
 * The baselines' bare kafkajs: one producer and one consumer on a fresh topic, configured as the
 * service's Kafka bus is (idempotent producer, acks from all in-sync replicas, one request in
 * flight, 3 partitions, `eachMessage`, fetches waiting at most 1 s), without outbox, inbox or
 * database. What our pipeline adds is measured against this.
 */
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';

export interface RawKafkaMessage {
  key: string;
  value: Buffer;
}

/** A topic with a producer and a consumer already in its group; `close()` disconnects both. */
export class RawKafkaPipe {
  private constructor(
    private readonly producer: Producer,
    private readonly consumer: Consumer,
    readonly topic: string,
  ) {}

  /** Creates `topic` and joins the consumer, which calls `onMessage` for every record. */
  static async open(
    brokers: string[],
    topic: string,
    onMessage: (message: RawKafkaMessage) => Promise<void> | void,
  ): Promise<RawKafkaPipe> {
    const kafka = new Kafka({ clientId: 'amtsweg-bench-raw', brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const consumer = kafka.consumer({ groupId: `${topic}-group`, allowAutoTopicCreation: false, maxWaitTimeInMs: 1_000 });
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ message }) => onMessage({ key: message.key?.toString() ?? '', value: message.value ?? Buffer.alloc(0) }),
    });
    await joined;
    return new RawKafkaPipe(producer, consumer, topic);
  }

  async send(messages: RawKafkaMessage[]): Promise<void> {
    await this.producer.send({ topic: this.topic, acks: -1, messages });
  }

  async close(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.consumer.disconnect()]);
  }
}
