import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenant registry (issue #16): a municipality's time zone, its suspension, and the revision its
 * `tenant.*` events carry (0: a row from before the registry, announced once at the next start);
 * and, for the provider's list, a projection of each tenant's people, filled from the directory's
 * person events once messaging publishes them.
 */
export class TenantRegistry1797000000001 implements MigrationInterface {
  name = 'TenantRegistry1797000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appointments.tenant ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Berlin'`);
    await q.query('ALTER TABLE appointments.tenant ADD COLUMN suspended boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE appointments.tenant ADD COLUMN revision int NOT NULL DEFAULT 0 CHECK (revision >= 0)');
    await q.query(`
      CREATE TABLE appointments.tenant_person (
        tenant text NOT NULL REFERENCES appointments.tenant (slug),
        person_id text NOT NULL,
        active boolean NOT NULL,
        PRIMARY KEY (tenant, person_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE appointments.tenant_person');
    await q.query('ALTER TABLE appointments.tenant DROP COLUMN revision');
    await q.query('ALTER TABLE appointments.tenant DROP COLUMN suspended');
    await q.query('ALTER TABLE appointments.tenant DROP COLUMN time_zone');
  }
}
