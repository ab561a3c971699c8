import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventingTables } from '../eventing-tables';

/**
 * The outbox and inbox tables of one service's schema, for the service's own migrations list.
 * Idempotent, so a service that already has the tables (or runs this twice) is unharmed.
 */
export function eventingMigrations(schema: string): Array<new () => MigrationInterface> {
  const { outbox, inbox } = eventingTables(schema);

  class EventingTables1764300000000 implements MigrationInterface {
    name = 'EventingTables1764300000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await queryRunner.query(
        `CREATE TABLE IF NOT EXISTS ${outbox} (
           id uuid PRIMARY KEY,
           position bigint GENERATED ALWAYS AS IDENTITY,
           topic text NOT NULL,
           key text NOT NULL,
           type text NOT NULL,
           envelope jsonb NOT NULL,
           created_at timestamptz NOT NULL,
           published_at timestamptz NULL
         )`,
      );
      // The relay only ever looks for what is still unpublished, in position order.
      await queryRunner.query(`CREATE INDEX IF NOT EXISTS outbox_event_unpublished ON ${outbox} (position) WHERE published_at IS NULL`);
      await queryRunner.query(
        `CREATE TABLE IF NOT EXISTS ${inbox} (
           event_id uuid NOT NULL,
           consumer text NOT NULL,
           received_at timestamptz NOT NULL,
           PRIMARY KEY (event_id, consumer)
         )`,
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE IF EXISTS ${inbox}`);
      await queryRunner.query(`DROP TABLE IF EXISTS ${outbox}`);
    }
  }

  return [EventingTables1764300000000];
}
