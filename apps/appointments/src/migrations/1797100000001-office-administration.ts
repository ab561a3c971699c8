import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offices and services administered through the API (issue #16): an office's contact and access
 * details, services with documents and fee, and which offices offer a service. Offices, services and
 * counters are retired rather than deleted: past bookings keep pointing at them. Every service
 * existing today stays offered at every office of its tenant, as before.
 */
export class OfficeAdministration1797100000001 implements MigrationInterface {
  name = 'OfficeAdministration1797100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appointments.office
        ADD COLUMN phone text NULL,
        ADD COLUMN email text NULL,
        ADD COLUMN accessibility text NULL,
        ADD COLUMN directions text NULL,
        ADD COLUMN deleted_at timestamptz NULL`);
    // A counter fewer retires the last one (by position, then name); its bookings stay readable.
    await q.query('ALTER TABLE appointments.counter ADD COLUMN retired_at timestamptz NULL, ADD COLUMN position int NULL');
    await q.query(`
      UPDATE appointments.counter c SET position = n.position
        FROM (SELECT id, row_number() OVER (PARTITION BY office_id ORDER BY name, id) AS position FROM appointments.counter) n
       WHERE c.id = n.id`);
    await q.query(`
      ALTER TABLE appointments.service
        ADD COLUMN description text NULL,
        ADD COLUMN documents text[] NOT NULL DEFAULT '{}',
        ADD COLUMN fee_amount_cents int NULL CHECK (fee_amount_cents >= 0),
        ADD COLUMN fee_note text NULL,
        ADD COLUMN deleted_at timestamptz NULL,
        ADD CONSTRAINT service_fee_whole CHECK ((fee_amount_cents IS NULL) = (fee_note IS NULL))`);
    await q.query(`
      CREATE TABLE appointments.service_office (
        tenant text NOT NULL,
        service_id uuid NOT NULL,
        office_id uuid NOT NULL,
        PRIMARY KEY (service_id, office_id),
        FOREIGN KEY (tenant, service_id) REFERENCES appointments.service (tenant, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant, office_id) REFERENCES appointments.office (tenant, id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX service_office_by_office ON appointments.service_office (tenant, office_id)');
    // Today every office offers every service of its tenant: keep that meaning for what exists.
    await q.query(`
      INSERT INTO appointments.service_office (tenant, service_id, office_id)
      SELECT s.tenant, s.id, o.id FROM appointments.service s JOIN appointments.office o ON o.tenant = s.tenant`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS appointments.service_office');
    await q.query(`
      ALTER TABLE appointments.service DROP CONSTRAINT service_fee_whole, DROP COLUMN deleted_at, DROP COLUMN fee_note,
        DROP COLUMN fee_amount_cents, DROP COLUMN documents, DROP COLUMN description`);
    await q.query('ALTER TABLE appointments.counter DROP COLUMN position, DROP COLUMN retired_at');
    await q.query(
      'ALTER TABLE appointments.office DROP COLUMN deleted_at, DROP COLUMN directions, DROP COLUMN accessibility, DROP COLUMN email, DROP COLUMN phone',
    );
  }
}
