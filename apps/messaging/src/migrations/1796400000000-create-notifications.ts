import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The in-app notification inbox (one row per recipient and causing event; `dedupe_key` keeps one
 * "please sign" per request, step and signer although both `created` and `step-started` name step 1)
 * and each user's notification settings (e-mail opt-in, off by default).
 */
export class CreateNotifications1796400000000 implements MigrationInterface {
  name = 'CreateNotifications1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.notification (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        recipient_id text NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        source_event_id uuid NOT NULL,
        dedupe_key text,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        CONSTRAINT notification_source_recipient_key UNIQUE (source_event_id, recipient_id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX notification_dedupe_key ON messaging.notification (tenant, recipient_id, dedupe_key) WHERE dedupe_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX notification_inbox_idx ON messaging.notification (tenant, recipient_id, id DESC)`);
    await q.query(`CREATE INDEX notification_unread_idx ON messaging.notification (tenant, recipient_id) WHERE read_at IS NULL`);
    await q.query(`
      CREATE TABLE messaging.notification_setting (
        tenant text NOT NULL,
        user_id text NOT NULL,
        email boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE messaging.notification_setting');
    await q.query('DROP TABLE messaging.notification');
  }
}
