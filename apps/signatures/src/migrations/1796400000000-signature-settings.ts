import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per tenant: what the tenant allows at upload and requires before signing (a tenant without a
 * row has the defaults: no embedded files, a second factor required); and the tenant's own audit
 * chain, for what belongs to no single request — settings changed, a second factor reset.
 */
export class SignatureSettings1796400000000 implements MigrationInterface {
  name = 'SignatureSettings1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signatures.signature_settings (
        tenant text PRIMARY KEY,
        allow_embedded_files boolean NOT NULL,
        require_second_factor boolean NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE signatures.tenant_audit_entry (
        tenant text NOT NULL,
        seq int NOT NULL CHECK (seq >= 1),
        action text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL,
        details jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (tenant, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS signatures.tenant_audit_entry`);
    await q.query(`DROP TABLE IF EXISTS signatures.signature_settings`);
  }
}
