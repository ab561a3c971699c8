import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fair release (issue #9): new capacity released as a draw. Requests are collected until
 * `requests_until`; then the released slots go by a seeded lottery, all results at that moment.
 * The seed is committed to (its SHA-256 is public from the start) and revealed with the results.
 */
export class ReleaseDraw1764600000000 implements MigrationInterface {
  name = 'ReleaseDraw1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appointments.release (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        service_id uuid NOT NULL,
        office_ids uuid[] NOT NULL CHECK (cardinality(office_ids) BETWEEN 1 AND 20),
        slots_from timestamptz NOT NULL,
        slots_to timestamptz NOT NULL,
        requests_until timestamptz NOT NULL,
        seed text NOT NULL,
        seed_sha256 text NOT NULL CHECK (seed_sha256 ~ '^[0-9a-f]{64}$'),
        status text NOT NULL CHECK (status IN ('collecting', 'drawn')),
        slots_drawn int NULL,
        created_at timestamptz NOT NULL,
        drawn_at timestamptz NULL,
        CHECK (slots_from < slots_to AND requests_until <= slots_from),
        FOREIGN KEY (tenant, service_id) REFERENCES appointments.service (tenant, id),
        UNIQUE (tenant, id)
      )`);
    // The draw job claims due releases; bookings and slot lists look up the ranges still held back.
    await q.query(`CREATE INDEX release_collecting ON appointments.release (requests_until) WHERE status = 'collecting'`);
    await q.query(`
      CREATE TABLE appointments.release_request (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        release_id uuid NOT NULL,
        office_ids uuid[] NOT NULL CHECK (cardinality(office_ids) BETWEEN 1 AND 10),
        weekdays smallint[] NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7),
        earliest time NOT NULL,
        latest time NOT NULL,
        citizen_name text NOT NULL,
        citizen_email text NOT NULL,
        manage_token_sha256 text NOT NULL CHECK (manage_token_sha256 ~ '^[0-9a-f]{64}$'),
        status text NOT NULL CHECK (status IN ('entered', 'won', 'lost')),
        booking_id uuid NULL REFERENCES appointments.booking (id),
        created_at timestamptz NOT NULL,
        CHECK (earliest < latest),
        CHECK ((status = 'won') = (booking_id IS NOT NULL)),
        FOREIGN KEY (tenant, release_id) REFERENCES appointments.release (tenant, id)
      )`);
    // One ticket per address and release: more would only buy more chances.
    await q.query('CREATE UNIQUE INDEX release_request_one_per_email ON appointments.release_request (release_id, lower(citizen_email))');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS appointments.release_request');
    await q.query('DROP TABLE IF EXISTS appointments.release');
  }
}
