import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbound mail log (each row is one mail, written in the inbox transaction of the event that
 * caused it and sent afterwards by the dispatcher) and the calendar state per booking (the
 * SEQUENCE of its .ics, so that a calendar replaces the entry instead of adding a second one).
 */
export class CreateOutboundMail1795852800000 implements MigrationInterface {
  name = 'CreateOutboundMail1795852800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.outbound_mail (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        event_id text NOT NULL,
        correlation_id text,
        recipient text NOT NULL,
        subject text NOT NULL,
        text text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        transport text CHECK (transport IN ('smtp', 'dev-mailbox')),
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        CONSTRAINT outbound_mail_event_recipient_key UNIQUE (event_id, recipient),
        CONSTRAINT outbound_mail_sent_has_time CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX outbound_mail_due_idx ON messaging.outbound_mail (next_attempt_at, created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX outbound_mail_sent_idx ON messaging.outbound_mail (sent_at DESC) WHERE status = 'sent'`);
    await q.query(`
      CREATE TABLE messaging.booking_calendar (
        booking_id uuid PRIMARY KEY,
        tenant text NOT NULL,
        sequence integer NOT NULL CHECK (sequence >= 0),
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE messaging.booking_calendar');
    await q.query('DROP TABLE messaging.outbound_mail');
  }
}
