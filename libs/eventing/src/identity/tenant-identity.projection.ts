import type { TenantIdentityConfiguredV1, TenantIdentityRemovedV1 } from '@amtsweg/contracts';
import type { TenantIdentity, TenantIdentitySource } from '@amtsweg/platform';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { eventingTables } from '../eventing-tables';

function tenantIdentityTable(schema: string): string {
  return `"${eventingTables(schema).schema}".tenant_identity`;
}

interface Row {
  tenant: string;
  issuer: string;
  audience: string;
  client_id: string;
  roles_claim: string;
  role_mapping: Record<string, string>;
  email_verified: 'claim' | 'trusted';
}

/**
 * A service's copy of the municipalities' own issuers (messaging owns them), from
 * `tenant.identity-configured` / `-removed`. A removal keeps the tenant's row without an issuer, so a
 * redelivered older configuration (lower revision) never comes back. The issuer is not unique here:
 * records of two tenants may arrive out of order (an issuer moving from A to B), and an issuer two
 * rows name is trusted for neither until the later record arrives.
 */
export class TenantIdentityProjection implements TenantIdentitySource {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = tenantIdentityTable(schema);
  }

  async findByIssuer(issuer: string): Promise<TenantIdentity | undefined> {
    const rows: Row[] = await this.dataSource.manager.query(
      `SELECT tenant, issuer, audience, client_id, roles_claim, role_mapping, email_verified FROM ${this.table} WHERE issuer = $1 LIMIT 2`,
      [issuer],
    );
    if (rows.length !== 1) return undefined;
    const [row] = rows;
    return {
      tenant: row.tenant,
      issuer: row.issuer,
      audience: row.audience,
      clientId: row.client_id,
      rolesClaim: row.roles_claim,
      roleMapping: row.role_mapping,
      emailVerified: row.email_verified,
    };
  }

  /** Inside the consumer's inbox transaction; a record older than the row's changes nothing. */
  async apply(manager: EntityManager, event: TenantIdentityConfiguredV1 | TenantIdentityRemovedV1, at: Date): Promise<void> {
    const configured = 'issuer' in event ? event : undefined;
    await manager.query(
      `INSERT INTO ${this.table} (tenant, issuer, audience, client_id, roles_claim, role_mapping, email_verified, revision, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
       ON CONFLICT (tenant) DO UPDATE SET issuer = EXCLUDED.issuer, audience = EXCLUDED.audience, client_id = EXCLUDED.client_id,
         roles_claim = EXCLUDED.roles_claim, role_mapping = EXCLUDED.role_mapping, email_verified = EXCLUDED.email_verified,
         revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
       WHERE ${this.table}.revision < EXCLUDED.revision`,
      [
        event.tenant,
        configured?.issuer ?? null,
        configured?.audience ?? null,
        configured?.clientId ?? null,
        configured?.rolesClaim ?? null,
        configured ? JSON.stringify(configured.roleMapping) : null,
        configured?.emailVerified ?? null,
        event.revision,
        at,
      ],
    );
  }
}

/** The projection's table in a service's schema, for the service's own migrations list. */
export function tenantIdentityMigrations(schema: string): Array<new () => MigrationInterface> {
  const table = tenantIdentityTable(schema);

  class TenantIdentityProjection1796730000001 implements MigrationInterface {
    name = 'TenantIdentityProjection1796730000001';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(
        `CREATE TABLE ${table} (
           tenant text PRIMARY KEY,
           issuer text NULL,
           audience text NULL,
           client_id text NULL,
           roles_claim text NULL,
           role_mapping jsonb NULL,
           email_verified text NULL,
           revision bigint NOT NULL,
           updated_at timestamptz NOT NULL
         )`,
      );
      await queryRunner.query(`CREATE INDEX tenant_identity_issuer_idx ON ${table} (issuer)`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }

  return [TenantIdentityProjection1796730000001];
}
