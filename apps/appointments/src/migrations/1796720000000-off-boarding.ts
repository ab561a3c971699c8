import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Off-boarding (issue #16): since when a tenant is suspended (deletion waits for
 * TENANT_DELETION_AFTER_SUSPENSION_DAYS), and the exports a provider-admin requested with the
 * delivery of each service's part. The slugs of deleted tenants live in `erased_tenant`
 * (ErasedTenants1796720000001, shared with the other services).
 */
export class OffBoarding1796720000000 implements MigrationInterface {
  name = 'OffBoarding1796720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appointments.tenant ADD COLUMN suspended_since timestamptz NULL');
    // A tenant suspended before this column existed counts as suspended from now on. On a new database
    // this runs before TenantRegistry1797000000001 adds `suspended` (migrations run by timestamp).
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_schema = 'appointments' AND table_name = 'tenant' AND column_name = 'suspended') THEN
          UPDATE appointments.tenant SET suspended_since = now() WHERE suspended;
        END IF;
      END $$`);
    await q.query(`
      CREATE TABLE appointments.tenant_export (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        requested_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX tenant_export_by_tenant ON appointments.tenant_export (tenant, requested_at)');
    await q.query(`
      CREATE TABLE appointments.tenant_export_part (
        export_id uuid NOT NULL REFERENCES appointments.tenant_export (id),
        tenant text NOT NULL,
        service text NOT NULL CHECK (service IN ('appointments', 'messaging', 'signatures', 'devices')),
        delivered_at timestamptz NULL,
        PRIMARY KEY (export_id, service)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE appointments.tenant_export_part');
    await q.query('DROP TABLE appointments.tenant_export');
    await q.query('ALTER TABLE appointments.tenant DROP COLUMN suspended_since');
  }
}
