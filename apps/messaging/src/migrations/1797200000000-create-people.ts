import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people directory of each tenant: who can sign in, be named as a signer, member or device
 * holder. An e-mail address is unique within a tenant whatever its case (`email_key`, lower case);
 * a deactivated person keeps their row, so that what they wrote stays under their name.
 */
export class CreatePeople1797200000000 implements MigrationInterface {
  name = 'CreatePeople1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.person (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        email text NOT NULL,
        email_key text NOT NULL,
        name text NOT NULL,
        roles jsonb NOT NULL,
        active boolean NOT NULL,
        external_id text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT person_email_key UNIQUE (tenant, email_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE messaging.person');
  }
}
