import { errorSummary, type ReadinessCheck } from '@amtsweg/platform';
import type { EventBus, PartitionOffsets } from '../bus/event-bus';

/**
 * `<service>-tenant-registry`: unready until the service's projection of the tenant registry has
 * read every record its topic held when the process started. Before that, a municipality that
 * exists would be answered 404 `TENANT.NOT_FOUND` — a new pod must not take requests yet.
 *
 * The end offsets are noted once, at start (`start()`); the group's committed offsets say how far
 * it has read (the consumer commits a record only after its inbox transaction, so committed means
 * projected), whichever instance of the service read them. Asks the bus only until caught up: from
 * then on the check stays up without the broker (ready = own database answers, hardening item 8).
 */
export class TenantRegistryReadiness implements ReadinessCheck {
  readonly name: string;
  private endsAtStart?: Promise<Map<number, number>>;
  private caughtUp = false;

  constructor(
    private readonly bus: EventBus,
    private readonly group: string,
    private readonly topic: string,
  ) {
    this.name = `${group}-tenant-registry`;
  }

  /** Notes the topic's end offsets now (resolved once noted); again at the next check if the bus could not say. */
  start(): Promise<void> {
    return this.ends().then(
      () => undefined,
      () => undefined,
    );
  }

  async check(): Promise<Record<string, unknown>> {
    if (this.caughtUp) return { caughtUp: true };
    let ends: Map<number, number>;
    let offsets: PartitionOffsets[];
    try {
      ends = await this.ends();
      offsets = await this.bus.topicOffsets(this.group, this.topic);
    } catch (error) {
      throw new Error(`cannot tell yet how far the tenant registry (${this.topic}) has been read: ${errorSummary(error)}`);
    }
    let behind = 0;
    for (const [partition, end] of ends) {
      const now = offsets.find((offset) => offset.partition === partition);
      // No committed offset yet: the group starts at the oldest record retained.
      const position = now ? (now.committed >= 0 ? now.committed : now.low) : 0;
      behind += Math.max(0, end - position);
    }
    if (behind > 0) throw new Error(`the tenant registry (${this.topic}) is still being read: ${behind} record(s) before the start to go`);
    this.caughtUp = true;
    return { caughtUp: true };
  }

  private async ends(): Promise<Map<number, number>> {
    const reading = (this.endsAtStart ??= this.readEnds());
    try {
      return await reading;
    } catch (error) {
      if (this.endsAtStart === reading) this.endsAtStart = undefined;
      throw error;
    }
  }

  private async readEnds(): Promise<Map<number, number>> {
    await this.bus.ensureTopics([this.topic]);
    const offsets = await this.bus.topicOffsets(this.group, this.topic);
    return new Map(offsets.map(({ partition, high }) => [partition, high]));
  }
}
