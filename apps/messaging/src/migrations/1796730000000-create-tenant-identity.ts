import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each municipality's own OpenID Connect issuer (at most one per tenant; an issuer belongs to one
 * tenant at most). No secrets: the web client is public and uses PKCE. `revision` comes from a
 * sequence, so a configuration put again after a removal still outranks the removal in every
 * service's projection (`tenant.identity-configured` / `-removed`).
 */
export class CreateTenantIdentity1796730000000 implements MigrationInterface {
  name = 'CreateTenantIdentity1796730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.tenant_identity (
        tenant text PRIMARY KEY,
        issuer text NOT NULL,
        audience text NOT NULL,
        client_id text NOT NULL,
        roles_claim text NOT NULL,
        role_mapping jsonb NOT NULL,
        email_verified text NOT NULL,
        revision bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT tenant_identity_issuer UNIQUE (issuer)
      )`);
    await q.query('CREATE SEQUENCE messaging.tenant_identity_revision');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SEQUENCE messaging.tenant_identity_revision');
    await q.query('DROP TABLE messaging.tenant_identity');
  }
}
