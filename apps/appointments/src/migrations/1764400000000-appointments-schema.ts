import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants, offices (hours, closures, counters), services and bookings. Every table names its schema
 * (the embedded database has no per-service search_path); ids come from the application; every row
 * carries its tenant, and composite foreign keys keep a row's references inside its tenant.
 */
export class AppointmentsSchema1764400000000 implements MigrationInterface {
  name = 'AppointmentsSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await q.query(`
      CREATE TABLE appointments.tenant (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{2,63}$'),
        name text NOT NULL,
        federal_state text NOT NULL,
        max_active_bookings_per_email int NULL CHECK (max_active_bookings_per_email > 0),
        booking_window_days int NOT NULL CHECK (booking_window_days > 0),
        lead_time_minutes int NOT NULL CHECK (lead_time_minutes >= 0),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE appointments.office (
        id uuid PRIMARY KEY,
        tenant text NOT NULL REFERENCES appointments.tenant (slug),
        name text NOT NULL,
        street text NOT NULL,
        postal_code text NOT NULL,
        city text NOT NULL,
        time_zone text NOT NULL,
        slot_grid_minutes int NOT NULL CHECK (slot_grid_minutes BETWEEN 5 AND 240),
        created_at timestamptz NOT NULL,
        UNIQUE (tenant, id)
      )`);
    // Opening hours are local wall-clock times; two intervals of one weekday never overlap.
    await q.query(`
      CREATE TABLE appointments.opening_interval (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        office_id uuid NOT NULL,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        CHECK (opens < closes),
        FOREIGN KEY (tenant, office_id) REFERENCES appointments.office (tenant, id) ON DELETE CASCADE,
        CONSTRAINT opening_interval_no_overlap EXCLUDE USING gist (
          office_id WITH =, weekday WITH =, tsrange(date '2000-01-03' + opens, date '2000-01-03' + closes) WITH &&)
      )`);
    // Without an office: every office of the tenant is closed (e.g. a municipal holiday).
    await q.query(`
      CREATE TABLE appointments.closure (
        id uuid PRIMARY KEY,
        tenant text NOT NULL REFERENCES appointments.tenant (slug),
        office_id uuid NULL,
        first_day date NOT NULL,
        last_day date NOT NULL,
        reason text NOT NULL,
        CHECK (first_day <= last_day),
        FOREIGN KEY (tenant, office_id) REFERENCES appointments.office (tenant, id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX closure_by_office ON appointments.closure (tenant, office_id, last_day)');
    await q.query(`
      CREATE TABLE appointments.counter (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        office_id uuid NOT NULL,
        name text NOT NULL,
        FOREIGN KEY (tenant, office_id) REFERENCES appointments.office (tenant, id),
        UNIQUE (tenant, office_id, id)
      )`);
    await q.query(`
      CREATE TABLE appointments.service (
        id uuid PRIMARY KEY,
        tenant text NOT NULL REFERENCES appointments.tenant (slug),
        name text NOT NULL,
        duration_minutes int NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
        UNIQUE (tenant, id)
      )`);
    // No double booking: two occupying bookings of one counter never overlap (the database's word, not code's).
    await q.query(`
      CREATE TABLE appointments.booking (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        reference text NOT NULL CHECK (reference ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}$'),
        manage_token_sha256 text NOT NULL CHECK (manage_token_sha256 ~ '^[0-9a-f]{64}$'),
        office_id uuid NOT NULL,
        counter_id uuid NOT NULL,
        service_id uuid NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('held', 'confirmed', 'arrived', 'done', 'no_show', 'cancelled')),
        citizen_name text NOT NULL,
        citizen_email text NOT NULL,
        revision int NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (start_at < end_at AND end_at <= start_at + interval '12 hours'),
        CONSTRAINT booking_reference_unique UNIQUE (tenant, reference),
        FOREIGN KEY (tenant, office_id, counter_id) REFERENCES appointments.counter (tenant, office_id, id),
        FOREIGN KEY (tenant, service_id) REFERENCES appointments.service (tenant, id),
        CONSTRAINT booking_no_double_booking EXCLUDE USING gist (
          counter_id WITH =, tstzrange(start_at, end_at) WITH &&) WHERE (status IN ('held', 'confirmed', 'arrived'))
      )`);
    // Free slots and the clerk's day list: an office's bookings by start.
    await q.query('CREATE INDEX booking_by_office_start ON appointments.booking (tenant, office_id, start_at, id)');
    // The per-e-mail limit counts an address's occupying bookings.
    await q.query(`
      CREATE INDEX booking_occupying_by_email ON appointments.booking (tenant, lower(citizen_email), start_at)
        WHERE status IN ('held', 'confirmed', 'arrived')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['booking', 'service', 'counter', 'closure', 'opening_interval', 'office', 'tenant']) {
      await q.query(`DROP TABLE IF EXISTS appointments.${table}`);
    }
  }
}
