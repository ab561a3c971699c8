import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each tenant's messaging settings, set by its tenant-admin: for now the retention period of
 * conversation messages (no row: the service's default). The index on `created_at` lets the
 * retention job find expired messages without reading the whole table.
 */
export class CreateMessagingSettings1796500001000 implements MigrationInterface {
  name = 'CreateMessagingSettings1796500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.tenant_messaging_setting (
        tenant text PRIMARY KEY,
        message_retention_days integer NOT NULL CHECK (message_retention_days BETWEEN 1 AND 3650),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX message_created_at_idx ON messaging.message (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX messaging.message_created_at_idx');
    await q.query('DROP TABLE messaging.tenant_messaging_setting');
  }
}
