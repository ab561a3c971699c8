import { Kafka, Partitioners, type Admin, type Consumer, type IHeaders, type Message, type Producer } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { errorMessage } from '../error-message';
import type { BusRecord, BusSubscription, ConsumerLag, EventBus, PartitionOffsets } from './event-bus';
import { KAFKA_LOG_LEVEL, nestKafkaLogCreator } from './kafka-log';
import { topicConfigEntries } from './topic-retention';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId?: string;
  /** Put before every topic and consumer group name, so tests and tenants of one cluster stay apart. */
  topicPrefix?: string;
  /** For topics this bus creates. Defaults 3 and 1 (one broker). */
  partitions?: number;
  replicationFactor?: number;
  /**
   * How long the broker waits for a silent consumer (kafkajs default 30 s). It also bounds how
   * long a group takes to resume after a broker restart: kafkajs rejoins as a new member, and the
   * group waits for the old member's session to expire. Heartbeats go between records, so a
   * single record must be handled (retries included) well within it.
   */
  sessionTimeoutMs?: number;
}

const FETCH_MAX_WAIT_MS = 1_000;

/**
 * How long after a crash kafkajs gave up on before a consumer is built anew. Capped low: at the
 * cap's 30 s of old, consumption resumed up to half a minute after the broker was back.
 */
const CONSUMER_RESTART_MS = { first: 1_000, max: 5_000 };

/**
 * The EventBus on Kafka (kafkajs 2.2.4). Publishing is idempotent with acks from all in-sync
 * replicas and one request in flight, so a key's records keep their order across retries.
 */
const TOPIC_LEADER_WAIT_MS = 30_000;

export class KafkaEventBus implements EventBus {
  private readonly logger = new Logger(KafkaEventBus.name);
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly prefix: string;
  private readonly partitions: number;
  private readonly replicationFactor: number;
  private readonly sessionTimeoutMs: number;
  /** Topics known to exist with leaders, or being created by this process. */
  private readonly topicsReady = new Map<string, Promise<void>>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  /** The producer's current connection; dropped after a failed send so that the next one reconnects. */
  private producerConnection?: Promise<void>;
  private lastSendFailed = false;
  /** Asks the broker for offsets when metrics are scraped; connected on first use. */
  private lagAdmin?: Promise<Admin>;

  constructor(options: KafkaEventBusOptions) {
    this.prefix = options.topicPrefix ?? '';
    this.partitions = options.partitions ?? 3;
    this.replicationFactor = options.replicationFactor ?? 1;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 30_000;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'amtsweg',
      brokers: options.brokers,
      logLevel: KAFKA_LOG_LEVEL,
      logCreator: nestKafkaLogCreator,
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Topics are created on purpose, with our partition count, never as a side effect.
      allowAutoTopicCreation: false,
      // Java's murmur2: a key lands on the same partition as with any Java-compatible client.
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded, unlike kafkajs's default for idempotent producers (forever): while the broker is
      // down a send must fail, so the relay can back off and a shutdown is not held up.
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
  }

  async ensureTopics(topics: string[]): Promise<void> {
    const wanted = [...new Set(topics.map((topic) => this.prefix + topic))];
    const missing = wanted.filter((topic) => !this.topicsReady.has(topic));
    if (missing.length > 0) {
      // One creation per topic per process: consumers of several services starting together share it.
      const creating = this.createTopics(missing);
      for (const topic of missing) this.topicsReady.set(topic, creating);
      creating.catch(() => missing.forEach((topic) => this.topicsReady.get(topic) === creating && this.topicsReady.delete(topic)));
    }
    await Promise.all(wanted.map((topic) => this.topicsReady.get(topic)));
  }

  /**
   * Creates what is missing and waits until every partition has a leader: before that, a fresh
   * broker answers "does not host this topic-partition" to producers and consumers alike.
   */
  private async createTopics(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const create = topics.filter((topic) => !existing.has(topic));
      // Resolves false (no error) for topics that another client created a moment ago. Not
      // `waitForLeaders`: kafkajs retries that only on LEADER_NOT_AVAILABLE, while a fresh KRaft
      // broker first answers UNKNOWN_TOPIC_OR_PARTITION — the loop below waits through both.
      if (create.length > 0) {
        await admin.createTopics({
          waitForLeaders: false,
          topics: create.map((topic) => ({
            topic,
            numPartitions: this.partitions,
            replicationFactor: this.replicationFactor,
            configEntries: topicConfigEntries(topic.slice(this.prefix.length)),
          })),
        });
      }
      const deadline = Date.now() + TOPIC_LEADER_WAIT_MS;
      for (;;) {
        const leaderless = await admin
          .fetchTopicMetadata({ topics })
          .then(({ topics: described }) =>
            described.some((topic) => topic.partitions.length === 0 || topic.partitions.some((p) => p.leader < 0)),
          )
          .catch((error: { retriable?: boolean }) => {
            if (error.retriable === false) throw error;
            return true;
          });
        if (!leaderless) return;
        if (Date.now() > deadline)
          throw new Error(`topics without a partition leader after ${TOPIC_LEADER_WAIT_MS} ms: ${topics.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await admin.disconnect();
    }
  }

  async publish(records: BusRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureTopics(records.map((record) => record.topic));
    const connection = (this.producerConnection ??= this.connectProducer());
    try {
      await connection;
      await this.producer.sendBatch({ acks: -1, topicMessages: this.byTopic(records) });
      this.lastSendFailed = false;
    } catch (error) {
      this.lastSendFailed = true;
      // Reconnect before the next try. connect() also takes a new producer id, the only way kafkajs
      // resets its sequence numbers: after OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID
      // (not retriable in kafkajs) the old id would fail forever.
      if (this.producerConnection === connection) this.producerConnection = undefined;
      throw error;
    }
  }

  async subscribe(group: string, topics: string[], onRecord: (record: BusRecord) => Promise<void>): Promise<BusSubscription> {
    await this.ensureTopics(topics);
    const subscription = new KafkaSubscription(
      this.kafka,
      this.prefix + group,
      topics.map((topic) => this.prefix + topic),
      this.sessionTimeoutMs,
      (record) => onRecord({ ...record, topic: record.topic.slice(this.prefix.length) }),
    );
    await subscription.start();
    this.subscriptions.add(subscription);
    return {
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  isHealthy(): boolean {
    return !this.lastSendFailed && [...this.subscriptions].every((subscription) => subscription.isHealthy());
  }

  /** Per group and topic: the partitions' log-end offsets minus the group's committed offsets. */
  async consumerLag(): Promise<ConsumerLag[]> {
    if (this.subscriptions.size === 0) return [];
    const admin = await (this.lagAdmin ??= this.connectLagAdmin());
    try {
      const logEnds = new Map<string, Promise<Map<number, { high: number; low: number }>>>();
      const endsOf = (topic: string) => {
        let ends = logEnds.get(topic);
        if (!ends) {
          ends = admin
            .fetchTopicOffsets(topic)
            .then((partitions) => new Map(partitions.map((p) => [p.partition, { high: Number(p.high), low: Number(p.low) }])));
          logEnds.set(topic, ends);
        }
        return ends;
      };
      const lags: ConsumerLag[] = [];
      for (const subscription of this.subscriptions) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId: subscription.groupId, topics: subscription.topics })) {
          const ends = await endsOf(topic);
          // No committed offset yet (-1): the group starts at the oldest record, so all retained ones are behind.
          const records = partitions.reduce((sum, { partition, offset }) => {
            const end = ends.get(partition);
            return end ? sum + end.high - (Number(offset) >= 0 ? Number(offset) : end.low) : sum;
          }, 0);
          lags.push({ group: subscription.groupId.slice(this.prefix.length), topic: topic.slice(this.prefix.length), records });
        }
      }
      return lags;
    } catch (error) {
      this.lagAdmin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** The topic's offsets and the group's committed ones, from the broker (the admin client of `consumerLag`). */
  async topicOffsets(group: string, topic: string): Promise<PartitionOffsets[]> {
    const admin = await (this.lagAdmin ??= this.connectLagAdmin());
    try {
      const ends = await admin.fetchTopicOffsets(this.prefix + topic);
      const [committed] = await admin.fetchOffsets({ groupId: this.prefix + group, topics: [this.prefix + topic] });
      const committedOf = new Map((committed?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]));
      return ends.map(({ partition, low, high }) => ({
        partition,
        low: Number(low),
        high: Number(high),
        committed: committedOf.get(partition) ?? -1,
      }));
    } catch (error) {
      this.lagAdmin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async connectLagAdmin(): Promise<Admin> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      return admin;
    } catch (error) {
      this.lagAdmin = undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    const lagAdmin = this.lagAdmin;
    this.lagAdmin = undefined;
    await lagAdmin?.then((admin) => admin.disconnect()).catch(() => undefined);
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    this.producerConnection = undefined;
    await this.producer.disconnect();
  }

  private async connectProducer(): Promise<void> {
    // Whatever is left of a broken connection goes first; connect() then asks for a new producer id.
    await this.producer.disconnect().catch((error: unknown) => this.logger.debug(`disconnect before reconnect: ${errorMessage(error)}`));
    await this.producer.connect();
  }

  /** Groups records by topic, keeping their order within each topic (and so per key). */
  private byTopic(records: BusRecord[]): Array<{ topic: string; messages: Message[] }> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, headers, value } of records) {
      const prefixed = this.prefix + topic;
      let messages = byTopic.get(prefixed);
      if (!messages) byTopic.set(prefixed, (messages = []));
      messages.push({ key, headers, value });
    }
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  }
}

/**
 * One consumer group's kafkajs consumer. A record counts as handled only when `onRecord` resolves:
 * kafkajs commits offsets after `eachMessage` returns, and a rejection makes it fetch the record
 * again. kafkajs restarts itself after most crashes; after the ones it gives up on (`restart:
 * false`) we build a new consumer, so consumption resumes once the broker is back.
 */
class KafkaSubscription {
  private readonly logger: Logger;
  private consumer?: Consumer;
  private joined = false;
  private closed = false;
  private restartTimer?: NodeJS.Timeout;
  private restarts = 0;

  constructor(
    private readonly kafka: Kafka,
    readonly groupId: string,
    readonly topics: string[],
    private readonly sessionTimeoutMs: number,
    private readonly onRecord: (record: BusRecord) => Promise<void>,
  ) {
    this.logger = new Logger(`KafkaConsumer:${groupId}`);
  }

  async start(): Promise<void> {
    await this.run(this.newConsumer());
  }

  isHealthy(): boolean {
    return this.joined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect();
  }

  private newConsumer(): Consumer {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.sessionTimeoutMs,
      // disconnect() waits for the fetch in flight: kafkajs's 5 s long poll alone would eat half of
      // the 10 s a SIGTERM gives us. One idle fetch a second per consumer costs the broker little.
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.restarts = 0;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.joined = false;
      if (!payload.restart) this.scheduleRestart(consumer, payload.error);
    });
    return consumer;
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    // A group's first run starts at the oldest record: events may be published before it joins.
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        await this.onRecord({
          topic,
          key: message.key?.toString() ?? '',
          headers: decodeHeaders(message.headers),
          value: message.value?.toString() ?? '',
        });
      },
    });
  }

  private scheduleRestart(failed: Consumer, reason: unknown): void {
    if (this.closed || failed !== this.consumer) return;
    const delay = Math.min(CONSUMER_RESTART_MS.first * 2 ** this.restarts, CONSUMER_RESTART_MS.max);
    this.restarts += 1;
    this.logger.warn(`kafkajs gave up on the consumer (${errorMessage(reason)}); building a new one in ${delay} ms`);
    this.restartTimer = setTimeout(() => void this.restart(failed), delay);
  }

  private async restart(failed: Consumer): Promise<void> {
    await failed.disconnect().catch(() => undefined);
    if (this.closed) return;
    const consumer = this.newConsumer();
    // Still no broker: try again later, with a longer pause.
    await this.run(consumer).catch((error: unknown) => this.scheduleRestart(consumer, error));
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = first.toString();
  }
  return decoded;
}
