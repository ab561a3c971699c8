import type { TenantCreatedV1, TenantUpdatedV1 } from '@amtsweg/contracts';
import { KnownTenants, type KnownTenant } from '@amtsweg/platform';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { eventingTables } from '../eventing-tables';

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

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    super();
    this.table = knownTenantTable(schema);
  }

  async find(slug: string, manager: EntityManager = this.dataSource.manager): Promise<KnownTenant | undefined> {
    const [row] = (await manager.query(`SELECT slug, suspended FROM ${this.table} WHERE slug = $1`, [slug])) as KnownTenant[];
    return row ? { slug: row.slug, suspended: row.suspended } : undefined;
  }

  /** Outside any consumer: what a process that announces tenants itself knows at once (BusTenantAnnouncer). */
  async applyNow(event: TenantCreatedV1 | TenantUpdatedV1, at: Date): Promise<void> {
    await this.apply(this.dataSource.manager, event, at);
  }

  /** Inside the consumer's inbox transaction (`manager`). */
  async apply(manager: EntityManager, event: TenantCreatedV1 | TenantUpdatedV1, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table} (slug, name, suspended, revision, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, suspended = EXCLUDED.suspended, revision = EXCLUDED.revision,
         updated_at = EXCLUDED.updated_at
       WHERE ${this.table}.revision < EXCLUDED.revision`,
      [event.slug, event.name, event.suspended, event.revision, at],
    );
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

  return [KnownTenants1797000000002];
}
