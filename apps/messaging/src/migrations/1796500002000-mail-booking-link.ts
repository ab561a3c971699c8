import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which booking a citizen's mail was about, so that its copy can be erased when appointments
 * erases the booking's personal data (data protection, issue #7).
 */
export class MailBookingLink1796500002000 implements MigrationInterface {
  name = 'MailBookingLink1796500002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE messaging.outbound_mail ADD COLUMN booking_id uuid NULL');
    await q.query('CREATE INDEX outbound_mail_booking ON messaging.outbound_mail (tenant, booking_id) WHERE booking_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX messaging.outbound_mail_booking');
    await q.query('ALTER TABLE messaging.outbound_mail DROP COLUMN booking_id');
  }
}
