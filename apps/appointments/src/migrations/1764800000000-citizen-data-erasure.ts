import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data protection (issue #7): when a citizen's name and address have been erased, and an index for
 * finding what is due. The columns stay NOT NULL; erased values are '' and a per-row placeholder
 * address, so the unique per-address indexes never collide.
 */
export class CitizenDataErasure1764800000000 implements MigrationInterface {
  name = 'CitizenDataErasure1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appointments.booking ADD COLUMN personal_data_erased_at timestamptz NULL');
    await q.query('CREATE INDEX booking_erasure_due ON appointments.booking (end_at) WHERE personal_data_erased_at IS NULL');
    await q.query('ALTER TABLE appointments.waiting_entry ADD COLUMN personal_data_erased_at timestamptz NULL');
    await q.query('ALTER TABLE appointments.release_request ADD COLUMN personal_data_erased_at timestamptz NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appointments.release_request DROP COLUMN personal_data_erased_at');
    await q.query('ALTER TABLE appointments.waiting_entry DROP COLUMN personal_data_erased_at');
    await q.query('DROP INDEX appointments.booking_erasure_due');
    await q.query('ALTER TABLE appointments.booking DROP COLUMN personal_data_erased_at');
  }
}
