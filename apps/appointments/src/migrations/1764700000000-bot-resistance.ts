import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bot resistance without tracking (issue #9): per-tenant rate limit per client address, a
 * proof-of-work challenge before a hold, and a delay before a cancelled slot reopens to everyone.
 * Existing tenants keep them off until they switch them on.
 */
export class BotResistance1764700000000 implements MigrationInterface {
  name = 'BotResistance1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appointments.tenant
        ADD COLUMN requests_per_minute_per_address int NULL CHECK (requests_per_minute_per_address > 0),
        ADD COLUMN proof_of_work_max_number int NULL CHECK (proof_of_work_max_number BETWEEN 1000 AND 10000000),
        ADD COLUMN reopen_delay_minutes int NOT NULL DEFAULT 0 CHECK (reopen_delay_minutes BETWEEN 0 AND 1440)`);
    // Solved challenges, kept until they expire anyway: each can be used once.
    await q.query('CREATE TABLE appointments.spent_challenge (signature text PRIMARY KEY, expires_at timestamptz NOT NULL)');
    // A cancelled booking holds its counter time back from first-come booking until then (the waiting list may have it).
    await q.query('ALTER TABLE appointments.booking ADD COLUMN reopens_at timestamptz NULL');
    await q.query(
      `CREATE INDEX booking_reopening ON appointments.booking (tenant, office_id, reopens_at) WHERE status = 'cancelled' AND reopens_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS appointments.booking_reopening');
    await q.query('ALTER TABLE appointments.booking DROP COLUMN reopens_at');
    await q.query('DROP TABLE IF EXISTS appointments.spent_challenge');
    await q.query(
      'ALTER TABLE appointments.tenant DROP COLUMN reopen_delay_minutes, DROP COLUMN proof_of_work_max_number, DROP COLUMN requests_per_minute_per_address',
    );
  }
}
