/**
 * Our own narrow port to the event bus, so that kafkajs (in maintenance mode, see STYLE.md) can be
 * replaced without touching services. A record is already in Kafka's binary CloudEvents shape:
 * `key` is the aggregate id, `headers` carry the envelope's attributes, `value` is the JSON data.
 */
export interface BusRecord {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

export interface BusSubscription {
  /** Stops consuming; resolves once the record in hand (if any) has been handled or given up. */
  close(): Promise<void>;
}

/** How far a consumer group is behind on a topic: records published and not yet acknowledged. */
export interface ConsumerLag {
  group: string;
  topic: string;
  records: number;
}

/** One partition of a topic: its oldest retained and next offset, and the next one a group will read (-1: none yet). */
export interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
  committed: number;
}

/**
 * Promises of every adapter: every subscribed group gets every record of its topics, in order per
 * key, at least once. A record whose `onRecord` rejects is not acknowledged and comes again.
 */
export interface EventBus {
  /** Creates the topics that are missing; existing ones are left as they are. */
  ensureTopics(topics: string[]): Promise<void>;
  /** Resolves only when the bus has durably accepted every record, in the order given per key. */
  publish(records: BusRecord[]): Promise<void>;
  /** A group that subscribes for the first time starts at the oldest record still retained. */
  subscribe(group: string, topics: string[], onRecord: (record: BusRecord) => Promise<void>): Promise<BusSubscription>;
  isHealthy(): boolean;
  /** The lag of every group this process consumes with, per topic (for metrics; may ask the broker). */
  consumerLag(): Promise<ConsumerLag[]>;
  /** Where `group` stands on `topic`, per partition (asks the broker; the topic must exist: `ensureTopics`). */
  topicOffsets(group: string, topic: string): Promise<PartitionOffsets[]>;
  close(): Promise<void>;
}

/** Nest injection token of the process's one EventBus. */
export const EVENT_BUS = Symbol('EVENT_BUS');
