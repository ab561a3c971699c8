import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant may roll in a new CA (issue 18): its CAs become a history with one current CA, each
 * with an id and the SHA-256 of its certificate (what a recipient compares with the published
 * fingerprint). Retired CAs stay: signatures they vouched for keep verifying against them. Every
 * signer key names the CA that issued its certificate; a key of a retired CA is replaced at its
 * next use.
 */
export class TenantCaHistory1796600000000 implements MigrationInterface {
  name = 'TenantCaHistory1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE signatures.tenant_ca ADD COLUMN id uuid NULL, ADD COLUMN certificate_sha256 text NULL, ADD COLUMN retired_at timestamptz NULL`,
    );
    // The fingerprint is SHA-256 over the certificate's DER: the PEM's base64 body.
    await q.query(`
      UPDATE signatures.tenant_ca
         SET id = gen_random_uuid(),
             certificate_sha256 = encode(sha256(decode(regexp_replace(certificate_pem, '-----[A-Z ]+-----|[[:space:]]', '', 'g'), 'base64')), 'hex')`);
    await q.query(`
      ALTER TABLE signatures.tenant_ca
        ALTER COLUMN id SET NOT NULL,
        ALTER COLUMN certificate_sha256 SET NOT NULL,
        DROP CONSTRAINT tenant_ca_pkey,
        ADD PRIMARY KEY (id)`);
    // One current CA per tenant: two first uses at once cannot both create one.
    await q.query(`CREATE UNIQUE INDEX tenant_ca_current ON signatures.tenant_ca (tenant) WHERE retired_at IS NULL`);
    await q.query(`ALTER TABLE signatures.signer_key ADD COLUMN ca_id uuid NULL REFERENCES signatures.tenant_ca (id)`);
    await q.query(`UPDATE signatures.signer_key k SET ca_id = c.id FROM signatures.tenant_ca c WHERE c.tenant = k.tenant`);
    await q.query(`ALTER TABLE signatures.signer_key ALTER COLUMN ca_id SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatures.signer_key DROP COLUMN ca_id`);
    await q.query(`DELETE FROM signatures.tenant_ca WHERE retired_at IS NOT NULL`);
    await q.query(`DROP INDEX signatures.tenant_ca_current`);
    await q.query(`
      ALTER TABLE signatures.tenant_ca
        DROP CONSTRAINT tenant_ca_pkey,
        DROP COLUMN id,
        DROP COLUMN certificate_sha256,
        DROP COLUMN retired_at,
        ADD PRIMARY KEY (tenant)`);
  }
}
