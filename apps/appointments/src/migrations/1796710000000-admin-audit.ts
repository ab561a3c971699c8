import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin audit (issue #16): every change by a provider-admin, tenant-admin or SCIM client in any
 * service, from the services' `admin.change-recorded` events. The id is the event's (UUIDv7, so
 * newest first is by id); `tenant` is null for a provider-wide change.
 */
export class AdminAudit1796710000000 implements MigrationInterface {
  name = 'AdminAudit1796710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appointments.admin_audit (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        tenant text,
        service text NOT NULL,
        actor_user_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await q.query('CREATE INDEX admin_audit_tenant_id ON appointments.admin_audit (tenant, id DESC)');
    await q.query('CREATE INDEX admin_audit_at ON appointments.admin_audit (at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE appointments.admin_audit');
  }
}
