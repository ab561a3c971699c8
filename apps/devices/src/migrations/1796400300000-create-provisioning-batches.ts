import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk provisioning runs in chunks, each its own transaction; the batch row counts what is done so
 * another request (`GET /provisioning-batches/{id}`) can show the progress while the call runs.
 */
export class CreateProvisioningBatches1796400300000 implements MigrationInterface {
  name = 'CreateProvisioningBatches1796400300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE devices.provisioning_batch (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        profile_id uuid NOT NULL REFERENCES devices.provisioning_profile (id),
        status text NOT NULL CHECK (status IN ('running', 'finished', 'aborted')),
        total int NOT NULL CHECK (total > 0),
        provisioned int NOT NULL DEFAULT 0,
        failed int NOT NULL DEFAULT 0,
        failures jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        finished_at timestamptz NULL,
        CHECK (provisioned + failed <= total)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE devices.provisioning_batch`);
  }
}
