import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inventory: devices per tenant and their history. The serial is unique per tenant — the key
 * of the CSV import (`ON CONFLICT (tenant, serial) DO NOTHING`). The history holds every status
 * change; the registration (who, when, how) is on the device row. Ids come from the application.
 */
export class CreateInventory1796400000000 implements MigrationInterface {
  name = 'CreateInventory1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS devices`);
    await q.query(`
      CREATE TABLE devices.device (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        type text NOT NULL CHECK (type IN ('laptop', 'tablet', 'phone', 'hotspot', 'accessory')),
        model text NOT NULL,
        serial text NOT NULL,
        asset_tag text NULL,
        imei text NULL CHECK (imei ~ '^[0-9]{15}$'),
        order_number text NULL,
        supplier text NULL,
        delivered_on date NULL,
        warranty_until date NULL,
        status text NOT NULL CHECK (status IN ('in_stock', 'reserved', 'provisioning', 'ready', 'handed_over', 'returned', 'retired')),
        holder_id text NULL,
        -- The first history entry lives on the row itself (who registered it, how): an import of
        -- 100,000 devices then writes 100,000 rows, not 200,000.
        created_by text NOT NULL,
        created_via text NOT NULL CHECK (created_via IN ('api', 'import')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT device_serial_per_tenant UNIQUE (tenant, serial),
        CHECK ((status = 'handed_over') = (holder_id IS NOT NULL))
      )`);
    // Newest first, per tenant; the staff view asks for what one person holds.
    await q.query(`CREATE INDEX device_by_tenant ON devices.device (tenant, id DESC)`);
    await q.query(`CREATE INDEX device_by_holder ON devices.device (tenant, holder_id) WHERE holder_id IS NOT NULL`);
    await q.query(`CREATE INDEX device_stock ON devices.device (tenant, type, status)`);
    await q.query(`
      CREATE TABLE devices.device_history (
        id uuid PRIMARY KEY,
        device_id uuid NOT NULL REFERENCES devices.device (id),
        tenant text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        from_status text NULL,
        to_status text NOT NULL,
        reason text NULL,
        details jsonb NULL
      )`);
    await q.query(`CREATE INDEX device_history_by_device ON devices.device_history (device_id, at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE devices.device_history`);
    await q.query(`DROP TABLE devices.device`);
  }
}
