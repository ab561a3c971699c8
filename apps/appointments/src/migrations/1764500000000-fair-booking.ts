import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fair booking (issue #9): holds that lapse unless confirmed by mail, and a waiting list whose
 * members are offered freed slots in order. Existing tenants keep booking as before (no hold)
 * until they switch it on.
 */
export class FairBooking1764500000000 implements MigrationInterface {
  name = 'FairBooking1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // Null: bookings are confirmed at once (no hold).
    await q.query(`
      ALTER TABLE appointments.tenant
        ADD COLUMN hold_minutes int NULL CHECK (hold_minutes BETWEEN 1 AND 1440),
        ADD COLUMN waiting_offer_minutes int NOT NULL DEFAULT 60 CHECK (waiting_offer_minutes BETWEEN 1 AND 10080)`);
    await q.query(`
      CREATE TABLE appointments.waiting_entry (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        service_id uuid NOT NULL,
        office_ids uuid[] NOT NULL CHECK (cardinality(office_ids) BETWEEN 1 AND 10),
        weekdays smallint[] NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7),
        earliest time NOT NULL,
        latest time NOT NULL,
        citizen_name text NOT NULL,
        citizen_email text NOT NULL,
        manage_token_sha256 text NOT NULL CHECK (manage_token_sha256 ~ '^[0-9a-f]{64}$'),
        status text NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'lapsed', 'withdrawn')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (earliest < latest),
        FOREIGN KEY (tenant, service_id) REFERENCES appointments.service (tenant, id)
      )`);
    // The list's order: who joined first is offered first.
    await q.query(`CREATE INDEX waiting_entry_in_order ON appointments.waiting_entry (created_at, id) WHERE status = 'waiting'`);
    // One place in the queue per address and service: more entries would only crowd out others.
    await q.query(`
      CREATE UNIQUE INDEX waiting_entry_one_per_email ON appointments.waiting_entry (tenant, service_id, lower(citizen_email))
        WHERE status IN ('waiting', 'offered')`);
    await q.query('ALTER TABLE appointments.booking DROP CONSTRAINT booking_status_check');
    await q.query(`
      ALTER TABLE appointments.booking
        ADD CONSTRAINT booking_status_check CHECK (status IN ('held', 'confirmed', 'arrived', 'done', 'no_show', 'cancelled', 'lapsed')),
        ADD COLUMN held_until timestamptz NULL,
        ADD COLUMN waiting_entry_id uuid NULL REFERENCES appointments.waiting_entry (id),
        ADD CONSTRAINT booking_hold_has_end CHECK ((status = 'held') = (held_until IS NOT NULL))`);
    // The expiry job claims due holds in this order.
    await q.query(`CREATE INDEX booking_held_until ON appointments.booking (held_until) WHERE status = 'held'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS appointments.booking_held_until');
    await q.query(`
      ALTER TABLE appointments.booking
        DROP CONSTRAINT booking_hold_has_end, DROP COLUMN waiting_entry_id, DROP COLUMN held_until, DROP CONSTRAINT booking_status_check,
        ADD CONSTRAINT booking_status_check CHECK (status IN ('held', 'confirmed', 'arrived', 'done', 'no_show', 'cancelled'))`);
    await q.query('DROP TABLE IF EXISTS appointments.waiting_entry');
    await q.query('ALTER TABLE appointments.tenant DROP COLUMN waiting_offer_minutes, DROP COLUMN hold_minutes');
  }
}
