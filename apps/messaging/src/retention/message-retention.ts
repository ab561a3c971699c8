import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, Clock } from '@amtsweg/platform';
import { MessagingConfig } from '../messaging.config';
import { rowsOf } from '../messaging.database';

/** Messages deleted per statement: short transactions, however much has expired. */
export const RETENTION_BATCH_SIZE = 1_000;

/**
 * Deletes conversation messages older than their tenant's retention period (tombstones too), in
 * batches. Each batch takes its rows `FOR UPDATE SKIP LOCKED`, so two instances running the job at
 * once share the work instead of waiting on each other; running it again finds nothing new.
 */
@Injectable()
export class MessageRetention {
  private readonly logger = new Logger('MessageRetention');

  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly config: MessagingConfig,
    private readonly clock: Clock,
  ) {}

  /** Returns how many messages this round deleted. */
  async purge(): Promise<number> {
    const now = this.clock.now();
    const defaultDays = this.config.MESSAGE_RETENTION_DEFAULT_DAYS;
    // The shortest period of any tenant bounds the index scan on created_at; the join decides per message.
    const [{ shortest }]: Array<{ shortest: number }> = await this.dataSource.query(
      'SELECT least($1::int, min(message_retention_days))::int AS shortest FROM messaging.tenant_messaging_setting',
      [defaultDays],
    );
    let deleted = 0;
    for (;;) {
      const rows = rowsOf<{ id: string }>(
        await this.dataSource.query(
          `WITH expired AS (
             SELECT m.id
               FROM messaging.message m
               LEFT JOIN messaging.tenant_messaging_setting s ON s.tenant = m.tenant
              WHERE m.created_at < $1::timestamptz - make_interval(days => $2::int)
                AND m.created_at < $1::timestamptz - make_interval(days => coalesce(s.message_retention_days, $3::int))
              LIMIT $4
              FOR UPDATE OF m SKIP LOCKED
           )
           DELETE FROM messaging.message WHERE id IN (SELECT id FROM expired) RETURNING id`,
          [now, shortest, defaultDays, RETENTION_BATCH_SIZE],
        ),
      );
      deleted += rows.length;
      if (rows.length < RETENTION_BATCH_SIZE) break;
    }
    if (deleted > 0) this.logger.log(`deleted ${deleted} messages past their retention period`);
    return deleted;
  }
}
