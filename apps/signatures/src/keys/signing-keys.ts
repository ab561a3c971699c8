import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, DomainError, newId, PgError, sqlState, Clock } from '@amtsweg/platform';
import forge from 'node-forge';
import type { DataSource, EntityManager } from 'typeorm';
import {
  certificateFingerprint,
  certificateFromPem,
  certificateToDer,
  generateSigningKeyPair,
  issueCaCertificate,
  issueSignerCertificate,
  namesRevocationEndpoints,
  subjectAttribute,
  type CertificateHolder,
  type SigningKeyPair,
} from './certificates';
import { normalizeSerialHex } from '../revocation/pkix';
import { RevocationEndpointsOf } from '../revocation/revocation-endpoints';
import { KeyEncryption } from './key-encryption';
import type { SigningCredential } from './signing-credential';

/** A signer certificate this close to its end is renewed before it signs. */
const RENEW_BEFORE_MS = 30 * 86_400_000;

export interface TenantCa {
  id: string;
  sha256: string;
  certificate: forge.pki.Certificate;
  certificateDer: Buffer;
  privateKey: KeyObject;
}

/** A CA the tenant has or had, as published: retired ones stay, signatures they vouched for keep verifying. */
export interface PublishedCa {
  certificate: forge.pki.Certificate;
  certificateDer: Buffer;
  sha256: string;
  current: boolean;
}

interface SignerKeyRow {
  id: string;
  ca_id: string;
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
    private readonly revocationEndpoints: RevocationEndpointsOf,
  ) {}

  /** The signer's credential, issuing (or renewing) their certificate when needed. */
  async credentialFor(holder: CertificateHolder): Promise<SigningCredential> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.currentSignerKey(holder);
      const ca = await this.tenantCa(holder.tenant);
      if (current && current.row.ca_id === ca.id && this.stillFits(current.certificate, holder)) {
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

  /** Every CA the tenant has had, the current one first; verification never creates a CA. */
  async caCertificates(tenant: string): Promise<PublishedCa[]> {
    const rows = (await this.dataSource.query(
      `SELECT certificate_pem, certificate_sha256, retired_at FROM signatures.tenant_ca WHERE tenant = $1
        ORDER BY retired_at DESC NULLS FIRST, created_at DESC`,
      [tenant],
    )) as Array<{ certificate_pem: string; certificate_sha256: string; retired_at: Date | null }>;
    return rows.map((row) => {
      const certificate = certificateFromPem(row.certificate_pem);
      return {
        certificate,
        certificateDer: certificateToDer(certificate),
        sha256: row.certificate_sha256,
        current: row.retired_at === null,
      };
    });
  }

  /** The fingerprints of the CAs that issued these signer certificates (by their SHA-256), oldest CA first. */
  async issuingCas(tenant: string, certificateSha256s: string[]): Promise<string[]> {
    if (certificateSha256s.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT c.certificate_sha256 FROM signatures.tenant_ca c
        WHERE c.tenant = $1 AND c.id IN (SELECT ca_id FROM signatures.signer_key WHERE tenant = $1 AND certificate_sha256 = ANY($2))
        ORDER BY c.created_at`,
      [tenant, certificateSha256s],
    )) as Array<{ certificate_sha256: string }>;
    return rows.map((row) => row.certificate_sha256);
  }

  /**
   * Rolls in a new CA (a new key): it signs every certificate from now on, each signer gets a new
   * key and certificate at their next signature, and the old CA is retired but stays published.
   * `record` runs in the same transaction (the tenant's audit chain). A tenant without a CA gets
   * its first one this way, before its first signature, to publish its fingerprint.
   */
  async rotateCa(tenant: string, record: (manager: EntityManager, ca: PublishedCa) => Promise<void>): Promise<PublishedCa> {
    const keys = await generateSigningKeyPair();
    const now = this.clock.now();
    const certificate = issueCaCertificate(tenant, keys, now, { rolledInAt: now });
    const ca = { certificate, certificateDer: certificateToDer(certificate), sha256: certificateFingerprint(certificate), current: true };
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE signatures.tenant_ca SET retired_at = $2 WHERE tenant = $1 AND retired_at IS NULL`, [tenant, now]);
        await this.insertCa(manager, tenant, certificate, keys);
        await record(manager, ca);
      });
    } catch (error) {
      if (sqlState(error) !== PgError.uniqueViolation) throw error;
      throw DomainError.conflict(
        'SIGNATURE.CA_CHANGED_MEANWHILE',
        'Another new CA was rolled in at the same moment; look at the list of CAs.',
      );
    }
    return { certificate, certificateDer: certificateToDer(certificate), sha256: certificateFingerprint(certificate), current: true };
  }

  private async tenantCa(tenant: string): Promise<TenantCa> {
    const existing = await this.readCa(tenant);
    if (existing) return existing;
    const keys = await generateSigningKeyPair();
    const certificate = issueCaCertificate(tenant, keys, this.clock.now());
    try {
      await this.insertCa(this.dataSource.manager, tenant, certificate, keys);
    } catch (error) {
      // Somebody created it at the same moment: use theirs.
      if (sqlState(error) !== PgError.uniqueViolation) throw error;
    }
    const created = await this.readCa(tenant);
    if (!created) throw new Error(`the CA of tenant ${tenant} vanished right after it was created`);
    return created;
  }

  private async insertCa(manager: EntityManager, tenant: string, certificate: forge.pki.Certificate, keys: SigningKeyPair): Promise<void> {
    const sealed = this.encryption.seal(keys.privateKey.export({ type: 'pkcs8', format: 'der' }), caContext(tenant));
    await manager.query(
      `INSERT INTO signatures.tenant_ca (id, tenant, certificate_pem, certificate_sha256, private_key_sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [newId(), tenant, forge.pki.certificateToPem(certificate), certificateFingerprint(certificate), sealed, this.clock.now()],
    );
  }

  /**
   * One of the tenant's CAs, current or retired, with its key: each signs the CRL and the OCSP
   * answers about the certificates it issued, for as long as those are published.
   */
  async caWithKey(tenant: string, sha256: string): Promise<TenantCa | undefined> {
    return this.caWhere(tenant, `certificate_sha256 = $2`, [sha256]);
  }

  private async readCa(tenant: string): Promise<TenantCa | undefined> {
    return this.caWhere(tenant, `retired_at IS NULL`, []);
  }

  private async caWhere(tenant: string, condition: string, parameters: unknown[]): Promise<TenantCa | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, certificate_pem, certificate_sha256, private_key_sealed FROM signatures.tenant_ca WHERE tenant = $1 AND ${condition}`,
      [tenant, ...parameters],
    )) as Array<{
      id: string;
      certificate_pem: string;
      certificate_sha256: string;
      private_key_sealed: Buffer;
    }>;
    if (!row) return undefined;
    const certificate = certificateFromPem(row.certificate_pem);
    return {
      id: row.id,
      sha256: row.certificate_sha256,
      certificate,
      certificateDer: certificateToDer(certificate),
      privateKey: this.openKey(row.private_key_sealed, caContext(tenant)),
    };
  }

  private async currentSignerKey(
    holder: CertificateHolder,
  ): Promise<{ row: SignerKeyRow; certificate: forge.pki.Certificate } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, ca_id, certificate_pem, private_key_sealed, not_after FROM signatures.signer_key WHERE tenant = $1 AND user_id = $2 AND replaced_at IS NULL`,
      [holder.tenant, holder.userId],
    )) as SignerKeyRow[];
    return row ? { row, certificate: certificateFromPem(row.certificate_pem) } : undefined;
  }

  /** Still valid for a while, naming where its revocation is checked, and naming the signer as the directory does today. */
  private stillFits(certificate: forge.pki.Certificate, holder: CertificateHolder): boolean {
    return (
      certificate.validity.notAfter.getTime() - this.clock.now().getTime() > RENEW_BEFORE_MS &&
      namesRevocationEndpoints(certificate) &&
      subjectAttribute(certificate, 'commonName') === holder.name &&
      subjectAttribute(certificate, 'emailAddress') === holder.email
    );
  }

  private async issue(holder: CertificateHolder, ca: TenantCa, replacing: string | undefined): Promise<SigningCredential> {
    const keys = await generateSigningKeyPair();
    const now = this.clock.now();
    const certificate = issueSignerCertificate(ca, holder, keys.publicKey, now, this.revocationEndpoints.forCa(holder.tenant, ca.sha256));
    const sealed = this.encryption.seal(keys.privateKey.export({ type: 'pkcs8', format: 'der' }), signerKeyContext(holder));
    await this.dataSource.transaction(async (manager) => {
      if (replacing)
        await manager.query(`UPDATE signatures.signer_key SET replaced_at = $2 WHERE id = $1 AND replaced_at IS NULL`, [replacing, now]);
      await manager.query(
        `INSERT INTO signatures.signer_key (id, tenant, user_id, certificate_pem, certificate_sha256, private_key_sealed, not_after, created_at, ca_id, serial_hex)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          newId(),
          holder.tenant,
          holder.userId,
          forge.pki.certificateToPem(certificate),
          certificateFingerprint(certificate),
          sealed,
          certificate.validity.notAfter,
          now,
          ca.id,
          normalizeSerialHex(certificate.serialNumber),
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
