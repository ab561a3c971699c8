import { changedRows, CommitSignal, ScheduledRounds } from '@amtsweg/platform';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { eventingTables } from '../eventing-tables';
import { quoteIdentifier, TENANT_COLUMN, tenantTableLayout } from './tenant-tables';

/** Marks a transaction that asked for a tenant's erasure; its commit starts an erasure round. */
export const tenantErasureRequested = new CommitSignal('amtsweg.eventing.tenantErasureRequested');

/** One DELETE takes at most this many rows: a big municipality never holds the database for long. */
const DEFAULT_BATCH_ROWS = 500;
/** The fallback poll, for a round that failed or a process that stopped half-way. */
const ROUND_INTERVAL_MS = 60_000;

export interface TenantErasureOptions {
  batchRows?: number;
  /**
   * After every tenant row of the schema is gone, in the transaction that records the erasure done:
   * what the generic sweep cannot know (appointments deletes the registry row itself here).
   */
  afterErasure?: (manager: EntityManager, slug: string) => Promise<void>;
}

/**
 * Erases an off-boarded tenant from one service's schema. `request` (inside the transaction that
 * learns of the deletion) records the slug in `<schema>.erased_tenant` — for good: the slug is never
 * served again — and a round after its commit deletes every row whose `tenant` column names it, in
 * every table of the schema (read from the catalog: a table added later is covered too), children
 * before parents, a batch per statement, so no transaction lasts longer than one batch. Rows of
 * other tables that hang off those rows by a foreign key without ON DELETE CASCADE go first.
 * Published outbox rows of the tenant go too. A round that stops half-way is taken up by the next.
 */
export class TenantErasure extends ScheduledRounds {
  private readonly table: string;
  private readonly outbox: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly options: TenantErasureOptions = {},
  ) {
    super({
      name: `${schema}-tenant-erasure`,
      intervalMs: ROUND_INTERVAL_MS,
      wakeOnCommit: { dataSource, signal: tenantErasureRequested },
    });
    this.table = erasedTenantTable(schema);
    this.outbox = eventingTables(schema).outbox;
  }

  /** In the transaction that learns of the deletion. False when it was requested before (a redelivery). */
  async request(manager: EntityManager, slug: string, revision: number, at: Date): Promise<boolean> {
    const inserted = (await manager.query(
      `INSERT INTO ${this.table} (slug, revision, requested_at) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING RETURNING slug`,
      [slug, revision, at],
    )) as unknown[];
    if (inserted.length === 0) return false;
    if (manager.queryRunner) tenantErasureRequested.mark(manager.queryRunner);
    return true;
  }

  /** Whether the slug was off-boarded (its rows may still be on their way out). */
  async isErased(slug: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM ${this.table} WHERE slug = $1`, [slug])) as unknown[];
    return rows.length > 0;
  }

  /** Erases every tenant whose erasure is not done yet; answers how many it finished. */
  async eraseRequested(closing?: AbortSignal): Promise<number> {
    const pending = (await this.dataSource.query(`SELECT slug FROM ${this.table} WHERE erased_at IS NULL ORDER BY requested_at`)) as Array<{
      slug: string;
    }>;
    let done = 0;
    for (const { slug } of pending) {
      if (closing?.aborted) break;
      if (await this.erase(slug, closing)) done += 1;
    }
    return done;
  }

  protected runRound(closing: AbortSignal): Promise<number> {
    return this.eraseRequested(closing);
  }

  private async erase(slug: string, closing?: AbortSignal): Promise<boolean> {
    const manager = this.dataSource.manager;
    const batch = this.options.batchRows ?? DEFAULT_BATCH_ROWS;
    const layout = await tenantTableLayout(manager, this.schema);
    const untilNone = async (sql: string): Promise<boolean> => {
      while (!closing?.aborted) {
        if ((await changedRows(manager, sql, [slug, batch])) === 0) return true;
      }
      return false;
    };
    const tenant = quoteIdentifier(TENANT_COLUMN);
    for (const table of layout.tables) {
      for (const dependent of layout.dependents.get(table.name) ?? []) {
        const on = dependent.childColumns
          .map((column, index) => `d.${quoteIdentifier(column)} = p.${quoteIdentifier(dependent.parentColumns[index])}`)
          .join(' AND ');
        const sql = `DELETE FROM ${dependent.qualified} WHERE ctid IN (
                       SELECT d.ctid FROM ${dependent.qualified} d JOIN ${table.qualified} p ON ${on} WHERE p.${tenant} = $1 LIMIT $2)`;
        if (!(await untilNone(sql))) return false;
      }
      // A row may reference another row of its table: those of one tenant go together (they are few: CA history).
      const sql = layout.selfReferencing.has(table.name)
        ? `DELETE FROM ${table.qualified} WHERE ${tenant} = $1 AND $2::int > 0`
        : `DELETE FROM ${table.qualified} WHERE ctid IN (SELECT ctid FROM ${table.qualified} WHERE ${tenant} = $1 LIMIT $2)`;
      if (!(await untilNone(sql))) return false;
    }
    const publishedOutbox = `DELETE FROM ${this.outbox} WHERE id IN (
                               SELECT id FROM ${this.outbox} WHERE published_at IS NOT NULL AND envelope->>'tenantid' = $1 LIMIT $2)`;
    if (!(await untilNone(publishedOutbox))) return false;
    await this.dataSource.transaction(async (transaction) => {
      await this.options.afterErasure?.(transaction, slug);
      await transaction.query(`UPDATE ${this.table} SET erased_at = now() WHERE slug = $1`, [slug]);
    });
    return true;
  }
}

/** `"<schema>".erased_tenant`: the off-boarded slugs, kept for good (slug, no data) so none is served again. */
export function erasedTenantTable(schema: string): string {
  return `"${eventingTables(schema).schema}".erased_tenant`;
}

/** The table of off-boarded slugs in a service's schema, for its migrations list. */
export function erasedTenantsMigration(schema: string): new () => MigrationInterface {
  const table = erasedTenantTable(schema);
  class ErasedTenants1796720000001 implements MigrationInterface {
    name = 'ErasedTenants1796720000001';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "${eventingTables(schema).schema}"`);
      await queryRunner.query(
        `CREATE TABLE ${table} (
           slug text PRIMARY KEY,
           revision int NOT NULL,
           requested_at timestamptz NOT NULL,
           erased_at timestamptz NULL
         )`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
  return ErasedTenants1796720000001;
}
