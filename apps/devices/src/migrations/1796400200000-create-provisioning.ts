import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provisioning profiles (per tenant, validated JSON) and one-time enrollment tokens, stored only
 * as their SHA-256: the database never holds a token that would enroll a device.
 */
export class CreateProvisioning1796400200000 implements MigrationInterface {
  name = 'CreateProvisioning1796400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE devices.provisioning_profile (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        name text NOT NULL,
        configuration jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT provisioning_profile_name_per_tenant UNIQUE (tenant, name)
      )`);
    await q.query(`ALTER TABLE devices.device ADD COLUMN profile_id uuid NULL REFERENCES devices.provisioning_profile (id)`);
    await q.query(`
      CREATE TABLE devices.enrollment_token (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        device_id uuid NOT NULL REFERENCES devices.device (id),
        token_sha256 text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX enrollment_token_by_device ON devices.enrollment_token (device_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE devices.enrollment_token`);
    await q.query(`ALTER TABLE devices.device DROP COLUMN profile_id`);
    await q.query(`DROP TABLE devices.provisioning_profile`);
  }
}
