import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tenant_person_key`: per person of `tenant_person`, the SHA-256 of their lower-cased e-mail address
 * (never the address itself), so that a token of a municipality's own issuer, which names its person
 * by address, finds the person's id here (TenantSignIn). A table of its own beside `tenant_person`
 * rather than a column of it: this migration's timestamp comes before `tenant_person`'s creation
 * (TenantRegistry1797000000001), and a fresh database runs migrations in timestamp order.
 * People copied before this table get their key with their next person event; until then such a
 * person is answered 401 `AUTH.PERSON_NOT_PROVISIONED`.
 */
export class TenantPersonKey1796780000000 implements MigrationInterface {
  name = 'TenantPersonKey1796780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appointments.tenant_person_key (
        tenant text NOT NULL REFERENCES appointments.tenant (slug),
        person_id text NOT NULL,
        email_key text NOT NULL,
        PRIMARY KEY (tenant, person_id)
      )`);
    await q.query('CREATE INDEX tenant_person_key_email_key_idx ON appointments.tenant_person_key (tenant, email_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE appointments.tenant_person_key');
  }
}
