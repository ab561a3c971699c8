import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, newId, PgError, sqlState, Clock } from '@amtsweg/platform';
import forge from 'node-forge';
import type { DataSource } from 'typeorm';
import {
  certificateFingerprint,
  certificateFromPem,
  certificateToDer,
  generateSigningKeyPair,
  issueCaCertificate,
  issueSignerCertificate,
  subjectAttribute,
  type CertificateHolder,
} from './certificates';
import { KeyEncryption } from './key-encryption';
import type { SigningCredential } from './signing-credential';

/** A signer certificate this close to its end is renewed before it signs. */
const RENEW_BEFORE_MS = 30 * 86_400_000;

interface TenantCa {
  certificate: forge.pki.Certificate;
  certificateDer: Buffer;
  privateKey: KeyObject;
}

interface SignerKeyRow {
  id: string;
  certificate_pem: string;
  private_key_sealed: Buffer;
  not_after: Date;
}

/**
 * Each tenant's CA and each signer's key and certificate, created on first use, private keys sealed
 * at rest. Works on the service's DataSource outside any transaction: key generation takes
 * hundreds of milliseconds and must never hold a transaction (on the embedded database: the one
 * session) while it runs. Two first uses at once are settled by the primary key / the partial
 * unique index: the loser's key is discarded and the winner's read back.
 */
@Injectable()
export class SigningKeys {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly encryption: KeyEncryption,
    private readonly clock: Clock,
  ) {}

  /** The signer's credential, issuing (or renewing) their certificate when needed. */
  async credentialFor(holder: CertificateHolder): Promise<SigningCredential> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.currentSignerKey(holder);
      const ca = await this.tenantCa(holder.tenant);
      if (current && this.stillFits(current.certificate, holder)) {
        return this.credential(current.certificate, this.openKey(current.row.private_key_sealed, signerKeyContext(holder)), ca);
      }
      try {
        return await this.issue(holder, ca, current?.row.id);
      } catch (error) {
        // Somebody issued one at the same moment: use theirs.
        if (sqlState(error) !== PgError.uniqueViolation || attempt >= 3) throw error;
      }
    }
  }

  /** The tenant's CA certificate if it has one; verification never creates a CA. */
  async caCertificate(tenant: string): Promise<forge.pki.Certificate | undefined> {
    const [row] = (await this.dataSource.query(`SELECT certificate_pem FROM signatures.tenant_ca WHERE tenant = $1`, [tenant])) as Array<{
      certificate_pem: string;
    }>;
    return row ? certificateFromPem(row.certificate_pem) : undefined;
  }

  private async tenantCa(tenant: string): Promise<TenantCa> {
    const existing = await this.readCa(tenant);
    if (existing) return existing;
    const keys = await generateSigningKeyPair();
    const certificate = issueCaCertificate(tenant, keys, this.clock.now());
    const sealed = this.encryption.seal(keys.privateKey.export({ type: 'pkcs8', format: 'der' }), caContext(tenant));
    await this.dataSource.query(
      `INSERT INTO signatures.tenant_ca (tenant, certificate_pem, private_key_sealed, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant) DO NOTHING`,
      [tenant, forge.pki.certificateToPem(certificate), sealed, this.clock.now()],
    );
    const created = await this.readCa(tenant);
    if (!created) throw new Error(`the CA of tenant ${tenant} vanished right after it was created`);
    return created;
  }

  private async readCa(tenant: string): Promise<TenantCa | undefined> {
    const [row] = (await this.dataSource.query(`SELECT certificate_pem, private_key_sealed FROM signatures.tenant_ca WHERE tenant = $1`, [
      tenant,
    ])) as Array<{
      certificate_pem: string;
      private_key_sealed: Buffer;
    }>;
    if (!row) return undefined;
    const certificate = certificateFromPem(row.certificate_pem);
    return {
      certificate,
      certificateDer: certificateToDer(certificate),
      privateKey: this.openKey(row.private_key_sealed, caContext(tenant)),
    };
  }

  private async currentSignerKey(
    holder: CertificateHolder,
  ): Promise<{ row: SignerKeyRow; certificate: forge.pki.Certificate } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, certificate_pem, private_key_sealed, not_after FROM signatures.signer_key WHERE tenant = $1 AND user_id = $2 AND replaced_at IS NULL`,
      [holder.tenant, holder.userId],
    )) as SignerKeyRow[];
    return row ? { row, certificate: certificateFromPem(row.certificate_pem) } : undefined;
  }

  /** Still valid for a while, and still naming the signer as the directory does today. */
  private stillFits(certificate: forge.pki.Certificate, holder: CertificateHolder): boolean {
    return (
      certificate.validity.notAfter.getTime() - this.clock.now().getTime() > RENEW_BEFORE_MS &&
      subjectAttribute(certificate, 'commonName') === holder.name &&
      subjectAttribute(certificate, 'emailAddress') === holder.email
    );
  }

  private async issue(holder: CertificateHolder, ca: TenantCa, replacing: string | undefined): Promise<SigningCredential> {
    const keys = await generateSigningKeyPair();
    const now = this.clock.now();
    const certificate = issueSignerCertificate(ca, holder, keys.publicKey, now);
    const sealed = this.encryption.seal(keys.privateKey.export({ type: 'pkcs8', format: 'der' }), signerKeyContext(holder));
    await this.dataSource.transaction(async (manager) => {
      if (replacing)
        await manager.query(`UPDATE signatures.signer_key SET replaced_at = $2 WHERE id = $1 AND replaced_at IS NULL`, [replacing, now]);
      await manager.query(
        `INSERT INTO signatures.signer_key (id, tenant, user_id, certificate_pem, certificate_sha256, private_key_sealed, not_after, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          newId(),
          holder.tenant,
          holder.userId,
          forge.pki.certificateToPem(certificate),
          certificateFingerprint(certificate),
          sealed,
          certificate.validity.notAfter,
          now,
        ],
      );
    });
    return this.credential(certificate, keys.privateKey, ca);
  }

  private credential(certificate: forge.pki.Certificate, privateKey: KeyObject, ca: TenantCa): SigningCredential {
    return { certificate, certificateDer: certificateToDer(certificate), privateKey, chainDer: [ca.certificateDer] };
  }

  private openKey(sealed: Buffer, context: string): KeyObject {
    return createPrivateKey({ key: this.encryption.open(sealed, context), format: 'der', type: 'pkcs8' });
  }
}

function caContext(tenant: string): string {
  return `tenant-ca:${tenant}`;
}

function signerKeyContext(holder: CertificateHolder): string {
  return `signer-key:${holder.tenant}:${holder.userId}`;
}
