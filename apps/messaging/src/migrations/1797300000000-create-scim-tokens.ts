import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SCIM tokens a tenant-admin hands to the municipality's identity manager. Only the SHA-256 of
 * the secret is kept: the token is shown once, and a leaked table provisions nobody. A revoked
 * token's row is deleted.
 */
export class CreateScimTokens1797300000000 implements MigrationInterface {
  name = 'CreateScimTokens1797300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.scim_token (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        last_used_at timestamptz,
        CONSTRAINT scim_token_secret UNIQUE (tenant, secret_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE messaging.scim_token');
  }
}
