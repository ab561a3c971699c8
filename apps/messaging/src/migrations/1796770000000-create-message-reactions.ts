import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reactions to messages: one row per message, person and reaction name (the fixed set in
 * conversation.ts), so reacting twice is one reaction. They go with their message (cascade).
 */
export class CreateMessageReactions1796770000000 implements MigrationInterface {
  name = 'CreateMessageReactions1796770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.message_reaction (
        message_id uuid NOT NULL REFERENCES messaging.message (id) ON DELETE CASCADE,
        user_id text NOT NULL,
        reaction text NOT NULL CHECK (reaction IN ('thumbs-up', 'heart', 'smile', 'tada', 'eyes', 'check')),
        tenant text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (message_id, reaction, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE messaging.message_reaction');
  }
}
