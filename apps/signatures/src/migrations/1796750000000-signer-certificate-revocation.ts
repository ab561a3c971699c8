import forge from 'node-forge';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signer certificates can be revoked (issue 18): by a tenant-admin, or when the person is
 * deactivated. A CRL and the OCSP responder name certificates by serial number, so each key keeps
 * its certificate's serial (read from the certificates issued before this migration).
 */
export class SignerCertificateRevocation1796750000000 implements MigrationInterface {
  name = 'SignerCertificateRevocation1796750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE signatures.signer_key ADD COLUMN serial_hex text NULL, ADD COLUMN revoked_at timestamptz NULL, ADD COLUMN revocation_reason text NULL`,
    );
    const keys = (await q.query(`SELECT id, certificate_pem FROM signatures.signer_key`)) as Array<{ id: string; certificate_pem: string }>;
    for (const key of keys) {
      const serial = forge.pki
        .certificateFromPem(key.certificate_pem)
        .serialNumber.toLowerCase()
        .replace(/^(00)+/, '');
      await q.query(`UPDATE signatures.signer_key SET serial_hex = $2 WHERE id = $1`, [key.id, serial]);
    }
    await q.query(`ALTER TABLE signatures.signer_key ALTER COLUMN serial_hex SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX signer_key_serial ON signatures.signer_key (ca_id, serial_hex)`);
    await q.query(`CREATE INDEX signer_key_revoked ON signatures.signer_key (ca_id, revoked_at) WHERE revoked_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX signatures.signer_key_revoked`);
    await q.query(`DROP INDEX signatures.signer_key_serial`);
    await q.query(`ALTER TABLE signatures.signer_key DROP COLUMN serial_hex, DROP COLUMN revoked_at, DROP COLUMN revocation_reason`);
  }
}
