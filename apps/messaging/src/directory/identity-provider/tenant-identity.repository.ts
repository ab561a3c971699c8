import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TenantIdentity } from '@amtsweg/platform';

interface TenantIdentityRow {
  tenant: string;
  issuer: string;
  audience: string;
  client_id: string;
  roles_claim: string;
  role_mapping: Record<string, string>;
  email_verified: 'claim' | 'trusted';
}

const COLUMNS = 'tenant, issuer, audience, client_id, roles_claim, role_mapping, email_verified';

function toIdentity(row: TenantIdentityRow): TenantIdentity {
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

/** `messaging.tenant_identity`: at most one issuer per tenant, each issuer of one tenant at most. */
@Injectable()
export class TenantIdentityRepository {
  async find(manager: EntityManager, tenant: string, options: { forUpdate?: boolean } = {}): Promise<TenantIdentity | undefined> {
    const rows: TenantIdentityRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM messaging.tenant_identity WHERE tenant = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [tenant],
    );
    return rows[0] && toIdentity(rows[0]);
  }

  async findByIssuer(manager: EntityManager, issuer: string): Promise<TenantIdentity | undefined> {
    const rows: TenantIdentityRow[] = await manager.query(`SELECT ${COLUMNS} FROM messaging.tenant_identity WHERE issuer = $1`, [issuer]);
    return rows[0] && toIdentity(rows[0]);
  }

  /** Insert or replace the tenant's configuration; false when the issuer belongs to another tenant. Returns the revision. */
  async put(manager: EntityManager, identity: TenantIdentity, at: Date): Promise<number | undefined> {
    const rows: Array<{ revision: string }> = await manager.query(
      `INSERT INTO messaging.tenant_identity (${COLUMNS}, revision, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, nextval('messaging.tenant_identity_revision'), $8)
       ON CONFLICT (tenant) DO UPDATE SET issuer = EXCLUDED.issuer, audience = EXCLUDED.audience, client_id = EXCLUDED.client_id,
         roles_claim = EXCLUDED.roles_claim, role_mapping = EXCLUDED.role_mapping, email_verified = EXCLUDED.email_verified,
         revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
       RETURNING revision`,
      [
        identity.tenant,
        identity.issuer,
        identity.audience,
        identity.clientId,
        identity.rolesClaim,
        JSON.stringify(identity.roleMapping),
        identity.emailVerified,
        at,
      ],
    );
    return rows[0] ? Number(rows[0].revision) : undefined;
  }

  /** The revision of the removal, or undefined when the tenant had none. */
  async remove(manager: EntityManager, tenant: string): Promise<number | undefined> {
    // TypeORM answers a DELETE with [rows, count]: look first, then delete what was found.
    if (!(await this.find(manager, tenant, { forUpdate: true }))) return undefined;
    await manager.query('DELETE FROM messaging.tenant_identity WHERE tenant = $1', [tenant]);
    const [{ revision }] = (await manager.query(`SELECT nextval('messaging.tenant_identity_revision') AS revision`)) as Array<{
      revision: string;
    }>;
    return Number(revision);
  }
}
