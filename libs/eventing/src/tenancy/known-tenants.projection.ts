import type { TenantCreatedV1, TenantUpdatedV1 } from '@amtsweg/contracts';
import { KnownTenants, type KnownTenant } from '@amtsweg/platform';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { eventingTables } from '../eventing-tables';
import { erasedTenantsMigration, erasedTenantTable } from '../offboarding/tenant-erasure';

/** `"<schema>".known_tenant`: the schema is a plain identifier (eventingTables checks it). */
function knownTenantTable(schema: string): string {
  return `"${eventingTables(schema).schema}".known_tenant`;
}

/**
 * A service's copy of appointments' tenant registry, built from `tenant.created` / `tenant.updated`
 * (KnownTenantsModule's consumer). Every event carries the tenant's whole state and a revision: the
 * newer revision wins, so a redelivered or replayed older record changes nothing.
 */
export class KnownTenantsProjection extends KnownTenants {
  private readonly table: string;
  private readonly erased: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    super();
    this.table = knownTenantTable(schema);
    this.erased = erasedTenantTable(schema);
  }

  async find(slug: string, manager: EntityManager = this.dataSource.manager): Promise<KnownTenant | undefined> {
    const [row] = (await manager.query(`SELECT slug, suspended FROM ${this.table} WHERE slug = $1`, [slug])) as KnownTenant[];
    return row ? { slug: row.slug, suspended: row.suspended } : undefined;
  }

  /** Outside any consumer: what a process that announces tenants itself knows at once (BusTenantAnnouncer). */
  async applyNow(event: TenantCreatedV1 | TenantUpdatedV1, at: Date): Promise<void> {
    await this.apply(this.dataSource.manager, event, at);
  }

  /**
   * Inside the consumer's inbox transaction (`manager`). An off-boarded slug is never known again,
   * whatever older record of it arrives (a replay of the registry topic).
   */
  async apply(manager: EntityManager, event: TenantCreatedV1 | TenantUpdatedV1, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table} (slug, name, suspended, revision, updated_at)
       SELECT $1::text, $2::text, $3::boolean, $4::int, $5::timestamptz WHERE NOT EXISTS (SELECT 1 FROM ${this.erased} WHERE slug = $1)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, suspended = EXCLUDED.suspended, revision = EXCLUDED.revision,
         updated_at = EXCLUDED.updated_at
       WHERE ${this.table}.revision < EXCLUDED.revision`,
      [event.slug, event.name, event.suspended, event.revision, at],
    );
  }

  /** `tenant.deleted`: the tenant is refused from this statement's commit on (its rows go in TenantErasure's rounds). */
  async forget(manager: EntityManager, slug: string): Promise<void> {
    await manager.query(`DELETE FROM ${this.table} WHERE slug = $1`, [slug]);
  }
}

/** The projection's table in a service's schema, for the service's own migrations list (after `eventingMigrations`). */
export function knownTenantsMigrations(schema: string): Array<new () => MigrationInterface> {
  const table = knownTenantTable(schema);

  class KnownTenants1797000000002 implements MigrationInterface {
    name = 'KnownTenants1797000000002';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE TABLE ${table} (
           slug text PRIMARY KEY,
           name text NOT NULL,
           suspended boolean NOT NULL,
           revision int NOT NULL,
           updated_at timestamptz NOT NULL
         )`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }

  // The off-boarded slugs (tenant.deleted), which the projection never takes back.
  return [KnownTenants1797000000002, erasedTenantsMigration(schema)];
}
