import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conversations (direct: one per pair, by `direct_key`; group; case thread: one per case), their
 * members with read state, and messages (a deleted one keeps its row as a tombstone without body).
 * Search: German full-text search over the bodies, through a GIN index on the same expression.
 */
export class CreateConversations1796400001000 implements MigrationInterface {
  name = 'CreateConversations1796400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.conversation (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('direct', 'group', 'case')),
        name text,
        created_by text NOT NULL,
        direct_key text,
        case_kind text CHECK (case_kind IN ('signature-request', 'device-request')),
        case_id uuid,
        created_at timestamptz NOT NULL,
        last_activity_at timestamptz NOT NULL,
        CONSTRAINT conversation_direct_key UNIQUE (tenant, direct_key),
        CONSTRAINT conversation_case_key UNIQUE (tenant, case_kind, case_id),
        CONSTRAINT conversation_direct_has_key CHECK ((kind = 'direct') = (direct_key IS NOT NULL)),
        CONSTRAINT conversation_case_has_case CHECK ((kind = 'case') = (case_id IS NOT NULL AND case_kind IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE messaging.conversation_member (
        conversation_id uuid NOT NULL REFERENCES messaging.conversation (id) ON DELETE CASCADE,
        user_id text NOT NULL,
        tenant text NOT NULL,
        joined_at timestamptz NOT NULL,
        last_read_message_id uuid,
        PRIMARY KEY (conversation_id, user_id)
      )`);
    await q.query(`CREATE INDEX conversation_member_user_idx ON messaging.conversation_member (tenant, user_id)`);
    await q.query(`
      CREATE TABLE messaging.message (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        conversation_id uuid NOT NULL REFERENCES messaging.conversation (id) ON DELETE CASCADE,
        author_id text NOT NULL,
        body text CHECK (char_length(body) BETWEEN 1 AND 10000),
        created_at timestamptz NOT NULL,
        edited_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT message_tombstone_has_no_body CHECK ((deleted_at IS NULL) = (body IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX message_history_idx ON messaging.message (conversation_id, id DESC)`);
    await q.query(`CREATE INDEX message_search_idx ON messaging.message USING GIN (to_tsvector('german', body))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE messaging.message');
    await q.query('DROP TABLE messaging.conversation_member');
    await q.query('DROP TABLE messaging.conversation');
  }
}
