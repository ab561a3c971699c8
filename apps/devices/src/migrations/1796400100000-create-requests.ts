import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Device requests (staff ask, it-admins decide) and the devices reserved for them: a request's
 * devices are its kit, handed over with one protocol.
 */
export class CreateRequests1796400100000 implements MigrationInterface {
  name = 'CreateRequests1796400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE devices.device_request (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        requester_id text NOT NULL,
        requester_email text NULL,
        items jsonb NOT NULL,
        justification text NOT NULL,
        needed_by date NOT NULL,
        status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'handover_requested', 'handed_over')),
        decided_by text NULL,
        decided_at timestamptz NULL,
        rejection_reason text NULL,
        handover_id uuid NULL UNIQUE,
        handover_failure text NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX device_request_by_tenant ON devices.device_request (tenant, id DESC)`);
    await q.query(`CREATE INDEX device_request_by_requester ON devices.device_request (tenant, requester_id, id DESC)`);
    await q.query(`ALTER TABLE devices.device ADD COLUMN request_id uuid NULL REFERENCES devices.device_request (id)`);
    await q.query(`CREATE INDEX device_by_request ON devices.device (request_id) WHERE request_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE devices.device DROP COLUMN request_id`);
    await q.query(`DROP TABLE devices.device_request`);
  }
}
