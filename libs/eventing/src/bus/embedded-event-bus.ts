import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { errorSummary } from '@amtsweg/platform';
import type { BusRecord, BusSubscription, ConsumerLag, EventBus, PartitionOffsets } from './event-bus';

export interface EmbeddedEventBusOptions {
  /**
   * At most this many records are kept per topic once every group that reads it is past them;
   * a group subscribing later starts at the oldest one kept. Default 10 000.
   */
  retainPerTopic?: number;
  /** First and largest pause before a rejected record is offered again. Default 10 ms / 1 s. */
  redeliveryBackoffMs?: { first: number; max: number };
}

interface TopicLog {
  /** Offset of records[0]: offsets stay stable when old records are dropped. */
  firstOffset: number;
  records: Array<{ sequence: number; record: BusRecord }>;
}

/**
 * The bus in process, for `npm start` and fast tests, with Kafka's promises: every group gets every
 * record of its topics, in order, at least once; a group's position survives its close.
 *
 * `publish` resolves once the record is in the log and never waits for consumers: on the embedded
 * database the publisher may hold the one session a consumer needs.
 */
export class EmbeddedEventBus implements EventBus {
  private readonly logs = new Map<string, TopicLog>();
  /** Next offset per group and topic, kept after a group closes, like committed Kafka offsets. */
  private readonly positions = new Map<string, Map<string, number>>();
  private readonly active = new Map<string, GroupDelivery>();
  private readonly retainPerTopic: number;
  private readonly backoff: { first: number; max: number };
  private sequence = 0;
  private closed = false;

  constructor(options: EmbeddedEventBusOptions = {}) {
    this.retainPerTopic = options.retainPerTopic ?? 10_000;
    this.backoff = options.redeliveryBackoffMs ?? { first: 10, max: 1_000 };
  }

  async ensureTopics(topics: string[]): Promise<void> {
    for (const topic of topics) this.log(topic);
  }

  async publish(records: BusRecord[]): Promise<void> {
    if (this.closed) throw new Error('the embedded event bus is closed');
    for (const record of records) this.log(record.topic).records.push({ sequence: this.sequence++, record: copy(record) });
    for (const delivery of this.active.values()) delivery.notify();
  }

  async subscribe(group: string, topics: string[], onRecord: (record: BusRecord) => Promise<void>): Promise<BusSubscription> {
    if (this.closed) throw new Error('the embedded event bus is closed');
    // One process is one instance: a second member of a group here would be a wiring mistake.
    if (this.active.has(group)) throw new Error(`group "${group}" is already subscribed to the embedded event bus`);
    const positions = this.positions.get(group) ?? new Map<string, number>();
    this.positions.set(group, positions);
    // A new group starts at the oldest retained record, and from now on holds back trimming.
    for (const topic of topics) if (!positions.has(topic)) positions.set(topic, this.log(topic).firstOffset);
    const cursor: GroupCursor = {
      next: () => this.next(topics, positions),
      accept: (topic, offset) => {
        positions.set(topic, offset + 1);
        this.trim(topic);
      },
    };
    const delivery = new GroupDelivery(group, cursor, onRecord, this.backoff);
    this.active.set(group, delivery);
    return {
      close: async () => {
        await delivery.close();
        if (this.active.get(group) === delivery) this.active.delete(group);
      },
    };
  }

  isHealthy(): boolean {
    return !this.closed;
  }

  async consumerLag(): Promise<ConsumerLag[]> {
    return [...this.active.keys()].flatMap((group) =>
      [...(this.positions.get(group) ?? new Map<string, number>())].map(([topic, position]) => {
        const log = this.log(topic);
        return { group, topic, records: log.firstOffset + log.records.length - position };
      }),
    );
  }

  /** One partition; a group's position is kept in process, as `subscribe` left it. */
  async topicOffsets(group: string, topic: string): Promise<PartitionOffsets[]> {
    const log = this.log(topic);
    const committed = this.positions.get(group)?.get(topic) ?? -1;
    return [{ partition: 0, low: log.firstOffset, high: log.firstOffset + log.records.length, committed }];
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.active.values()].map((delivery) => delivery.close()));
    this.active.clear();
  }

  /** The oldest record of `topics` at or past the group's positions, across topics in publish order. */
  private next(topics: string[], positions: Map<string, number>): { topic: string; offset: number; record: BusRecord } | undefined {
    let found: { topic: string; offset: number; record: BusRecord; sequence: number } | undefined;
    for (const topic of topics) {
      const log = this.log(topic);
      const offset = Math.max(positions.get(topic) ?? 0, log.firstOffset);
      const entry = log.records[offset - log.firstOffset];
      if (entry && (!found || entry.sequence < found.sequence))
        found = { topic, offset, record: copy(entry.record), sequence: entry.sequence };
    }
    return found;
  }

  /** Drops records beyond the retention that every group that knows the topic has passed. */
  private trim(topic: string): void {
    const log = this.log(topic);
    const excess = log.records.length - this.retainPerTopic;
    if (excess <= 0) return;
    let slowest = log.firstOffset + log.records.length;
    for (const positions of this.positions.values()) {
      const position = positions.get(topic);
      if (position !== undefined) slowest = Math.min(slowest, position);
    }
    const drop = Math.min(excess, slowest - log.firstOffset);
    if (drop <= 0) return;
    log.records.splice(0, drop);
    log.firstOffset += drop;
  }

  private log(topic: string): TopicLog {
    let log = this.logs.get(topic);
    if (!log) {
      log = { firstOffset: 0, records: [] };
      this.logs.set(topic, log);
    }
    return log;
  }
}

/** Where a group stands in its topics' logs. */
interface GroupCursor {
  next(): { topic: string; offset: number; record: BusRecord } | undefined;
  accept(topic: string, offset: number): void;
}

/** One group's delivery loop: one record at a time, so order holds per key (and beyond). */
class GroupDelivery {
  private readonly logger: Logger;
  private readonly stopping = new AbortController();
  private readonly loop: Promise<void>;
  private wakeUp?: () => void;

  constructor(
    group: string,
    private readonly cursor: GroupCursor,
    private readonly onRecord: (record: BusRecord) => Promise<void>,
    private readonly backoff: { first: number; max: number },
  ) {
    this.logger = new Logger(`EmbeddedEventBus:${group}`);
    this.loop = this.run();
  }

  notify(): void {
    this.wakeUp?.();
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    // No handler may run inside subscribe() itself.
    await Promise.resolve();
    while (!this.stopping.signal.aborted) {
      const next = this.cursor.next();
      if (!next) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        this.wakeUp = undefined;
        continue;
      }
      if (!(await this.deliver(next.record))) return;
      this.cursor.accept(next.topic, next.offset);
    }
  }

  /** Offers the record until it is accepted; false when the group closed first (not acknowledged). */
  private async deliver(record: BusRecord): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopping.signal.aborted) return false;
      try {
        await this.onRecord(record);
        return true;
      } catch (error) {
        if (this.stopping.signal.aborted) return false;
        const delay = Math.min(this.backoff.first * 2 ** (attempt - 1), this.backoff.max);
        this.logger.warn(
          `record on ${record.topic} (key ${record.key}) rejected, offering it again in ${delay} ms: ${errorSummary(error)}`,
        );
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }
}

// Consumers get their own copy: a handler mutating headers must not change what others see.
function copy(record: BusRecord): BusRecord {
  return { ...record, headers: { ...record.headers } };
}
