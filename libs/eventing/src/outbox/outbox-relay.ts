import { RoundScheduler, type RoundMetrics } from '@amtsweg/platform';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventBus } from '../bus/event-bus';
import { toBusRecord, type CloudEvent } from '../envelope';
import { eventingTables, type EventingTables } from '../eventing-tables';
import type { EventMetrics } from '../observability/event-metrics';
import { outboxWritten } from './outbox-commit-signal';

export interface OutboxRelayOptions {
  service: string;
  dataSource: DataSource;
  bus: EventBus;
  /** Fallback for wake-ups that never come (another instance's commit, a restart). Default 500 ms. */
  pollIntervalMs?: number;
  /** Rows per publish. Default 500. */
  batchSize?: number;
  /** Cap of the backoff while the bus fails. Default 5 s. */
  maxBackoffMs?: number;
  /** Published rows are kept this long (for inspection), then deleted. Default 1 h. */
  retentionMs?: number;
  /**
   * The database is one session shared by everyone (the embedded PGlite): no transaction may be
   * held while publishing, because the bus may be delivering to a consumer that needs the session.
   * Default: true when the DataSource runs on a custom driver, which openServiceDataSource gives
   * only to the embedded database.
   */
  singleSession?: boolean;
  /** Counts what is published, by type. */
  metrics?: EventMetrics;
  /** Times the relay's rounds and counts the failed ones (round `outbox-relay:<service>`). */
  roundMetrics?: RoundMetrics;
}

export interface OutboxBacklog {
  count: number;
  oldestAgeSeconds: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  envelope: CloudEvent;
}

const FIRST_BACKOFF_MS = 200;
const PRUNE_EVERY_MS = 60_000;
// Held until the round's transaction ends, so a crashed instance cannot keep it.
const TRY_OUTBOX_LOCK = 'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked';

/**
 * Publishes a service's outbox in `position` order and marks what it published. Woken at once by
 * commits that appended events, polling as a fallback, backing off while the bus fails.
 *
 * Order per key holds because rounds never overlap: in process, one round at a time; across
 * instances on PostgreSQL, a round publishes only while holding the transaction-scoped advisory
 * lock of the service's outbox. (`position` follows commit order for one aggregate because its
 * writers serialise on the aggregate's row.) A crash between publish and mark publishes a batch
 * again — consumers' inboxes make that harmless.
 */
export class OutboxRelay {
  readonly service: string;
  private readonly tables: EventingTables;
  private readonly dataSource: DataSource;
  private readonly bus: EventBus;
  private readonly batchSize: number;
  private readonly retentionMs: number;
  private readonly singleSession: boolean;
  private readonly metrics?: EventMetrics;
  /** One round at a time in this process: two rounds at once could reorder a key. */
  private readonly rounds: RoundScheduler;
  private lastPrune = 0;

  constructor(options: OutboxRelayOptions) {
    this.service = options.service;
    this.tables = eventingTables(options.service);
    this.dataSource = options.dataSource;
    this.bus = options.bus;
    this.batchSize = options.batchSize ?? 500;
    this.retentionMs = options.retentionMs ?? 3_600_000;
    this.singleSession = options.singleSession ?? Boolean((options.dataSource.options as { driver?: unknown }).driver);
    this.metrics = options.metrics;
    const maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.rounds = new RoundScheduler(
      {
        name: `outbox-relay:${options.service}`,
        logger: new Logger(`OutboxRelay:${options.service}`),
        intervalMs: options.pollIntervalMs ?? 500,
        // What an earlier process left in the outbox goes first.
        firstRoundAfterMs: 0,
        backoffMs: (failures) => Math.min(FIRST_BACKOFF_MS * 2 ** (failures - 1), maxBackoffMs),
        wakeOnCommit: { dataSource: options.dataSource, signal: outboxWritten },
        metrics: options.roundMetrics,
      },
      () => this.drainAndPrune(),
    );
  }

  start(): void {
    this.rounds.start();
  }

  /** Publishes everything pending now, or throws why it could not (for shutdown). */
  async flush(): Promise<void> {
    await this.rounds.exclusive(() => this.drain());
  }

  /** Stops waking and polling; resolves when the round in progress has finished. */
  stop(): Promise<void> {
    return this.rounds.close();
  }

  /** Unpublished events and how long the oldest has waited, for health and metrics. */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
         FROM ${this.tables.outbox} WHERE published_at IS NULL`,
    )) as Array<{ count: number; age: number }>;
    return { count: Number(row.count), oldestAgeSeconds: Number(row.age) };
  }

  private async drainAndPrune(): Promise<void> {
    await this.drain();
    await this.pruneIfDue();
  }

  private async drain(): Promise<void> {
    let published: number;
    do published = await this.publishBatch();
    while (published === this.batchSize);
  }

  private async publishBatch(): Promise<number> {
    if (this.singleSession) return this.publishBatchWith(this.dataSource.manager);
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(TRY_OUTBOX_LOCK, [`outbox:${this.tables.schema}`])) as Array<{ locked: boolean }>;
      // Another instance is publishing this outbox; it drains it, and our poll comes back later.
      if (!locked) return 0;
      return this.publishBatchWith(manager);
    });
  }

  private async publishBatchWith(manager: EntityManager): Promise<number> {
    const rows = (await manager.query(
      `SELECT id, topic, envelope FROM ${this.tables.outbox} WHERE published_at IS NULL ORDER BY position LIMIT $1`,
      [this.batchSize],
    )) as OutboxRow[];
    if (rows.length === 0) return 0;
    await this.bus.publish(rows.map((row) => toBusRecord(row.topic, row.envelope)));
    await manager.query(`UPDATE ${this.tables.outbox} SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
    for (const row of rows) this.metrics?.published.inc({ service: this.service, type: row.envelope.type });
    return rows.length;
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.dataSource.query(`DELETE FROM ${this.tables.outbox} WHERE published_at < now() - $1 * interval '1 millisecond'`, [
      this.retentionMs,
    ]);
  }
}
