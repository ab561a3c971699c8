import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A return is confirmed by the IT administrator's signed return protocol (the data is wiped)
 * before the device counts as returned. One pending return per device at a time.
 */
export class CreateDeviceReturns1796400400000 implements MigrationInterface {
  name = 'CreateDeviceReturns1796400400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE devices.device_return (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        device_id uuid NOT NULL REFERENCES devices.device (id),
        previous_holder_id text NOT NULL,
        requested_by text NOT NULL,
        reason text NULL,
        status text NOT NULL CHECK (status IN ('pending', 'signed', 'refused')),
        failure text NULL,
        created_at timestamptz NOT NULL,
        decided_at timestamptz NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX device_return_one_pending ON devices.device_return (device_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX device_return_by_device ON devices.device_return (device_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE devices.device_return`);
  }
}
