import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES_BEFORE = `'in_stock', 'reserved', 'provisioning', 'ready', 'handed_over', 'returned', 'retired'`;

/** Two more device statuses: `lost` and `in_repair` (device.ts says which steps lead to them and back). */
export class AllowLostAndInRepair1796400600000 implements MigrationInterface {
  name = 'AllowLostAndInRepair1796400600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE devices.device DROP CONSTRAINT device_status_check`);
    await q.query(
      `ALTER TABLE devices.device ADD CONSTRAINT device_status_check CHECK (status IN (${STATUSES_BEFORE}, 'lost', 'in_repair'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE devices.device DROP CONSTRAINT device_status_check`);
    await q.query(`ALTER TABLE devices.device ADD CONSTRAINT device_status_check CHECK (status IN (${STATUSES_BEFORE}))`);
  }
}
