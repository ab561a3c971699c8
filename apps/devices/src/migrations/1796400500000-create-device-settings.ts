import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant's device settings, kept as the list of their changes: the newest row is the setting, and
 * the rows are the audit of who changed it when (no row: the defaults). One table, so the setting
 * and its audit can never disagree.
 */
export class CreateDeviceSettings1796400500000 implements MigrationInterface {
  name = 'CreateDeviceSettings1796400500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE devices.device_setting_change (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        allow_own_request_decision boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX device_setting_change_by_tenant ON devices.device_setting_change (tenant, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE devices.device_setting_change`);
  }
}
