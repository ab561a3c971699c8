import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One pending reminder per booking: what the reminder mail needs (the booking event's mail details)
 * and when it is due. A reschedule moves the row, a cancellation deletes it, and the scheduler
 * deletes it when it hands the mail to the outbound mail log — so the table holds only what is
 * still to be sent.
 */
export class CreateBookingReminders1796500000000 implements MigrationInterface {
  name = 'CreateBookingReminders1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.booking_reminder (
        booking_id uuid PRIMARY KEY,
        tenant text NOT NULL,
        reminder_id uuid NOT NULL,
        remind_at timestamptz NOT NULL,
        starts_at timestamptz NOT NULL,
        details jsonb NOT NULL,
        correlation_id text,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX booking_reminder_due_idx ON messaging.booking_reminder (remind_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE messaging.booking_reminder');
  }
}
