import { Inject, Injectable } from '@nestjs/common';
import { changedRows, dataSourceToken } from '@amtsweg/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { RevokedCertificateEntry } from './crl';
import type { CertificateStatus } from './ocsp-responder';
import type { RevocationReason } from './pkix';

export interface Revocation {
  sha256: string;
  userId: string;
  revokedAt: Date;
  reason: RevocationReason;
  /** Revoked by this call, not before it. */
  justRevoked: boolean;
}

interface RevokedRow {
  certificate_sha256: string;
  user_id: string;
  revoked_at: Date;
  revocation_reason: RevocationReason;
}

/**
 * Which signer certificates are revoked, and since when. A revoked certificate's key is replaced
 * at once (`replaced_at`), so its holder can never sign with it again: their next signature gets a
 * new key and certificate (if they may still sign at all).
 */
@Injectable()
export class CertificateRevocations {
  constructor(@Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource) {}

  /**
   * Revokes one certificate of the tenant, in the caller's transaction. A certificate revoked before
   * keeps its first revocation (time and reason), as a CRL must. Undefined: the tenant has no such certificate.
   */
  async revoke(
    manager: EntityManager,
    tenant: string,
    sha256: string,
    reason: RevocationReason,
    at: Date,
  ): Promise<Revocation | undefined> {
    const changed = await changedRows(
      manager,
      `UPDATE signatures.signer_key SET revoked_at = $3, revocation_reason = $4, replaced_at = COALESCE(replaced_at, $3)
        WHERE tenant = $1 AND certificate_sha256 = $2 AND revoked_at IS NULL`,
      [tenant, sha256, at, reason],
    );
    const [row] = (await manager.query(
      `SELECT certificate_sha256, user_id, revoked_at, revocation_reason FROM signatures.signer_key WHERE tenant = $1 AND certificate_sha256 = $2`,
      [tenant, sha256],
    )) as RevokedRow[];
    return row ? { ...revocation(row), justRevoked: changed > 0 } : undefined;
  }

  /** Every certificate of a person that is not revoked yet (they were deactivated), in the caller's transaction. */
  async revokeAllOf(manager: EntityManager, tenant: string, userId: string, reason: RevocationReason, at: Date): Promise<Revocation[]> {
    const unrevoked = (await manager.query(
      `SELECT certificate_sha256 FROM signatures.signer_key WHERE tenant = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [tenant, userId],
    )) as Array<{ certificate_sha256: string }>;
    const revoked: Revocation[] = [];
    for (const { certificate_sha256 } of unrevoked) {
      const done = await this.revoke(manager, tenant, certificate_sha256, reason, at);
      if (done) revoked.push(done);
    }
    return revoked;
  }

  /** The certificates a CA issued that are revoked: the entries of its CRL. */
  async revokedBy(caId: string): Promise<RevokedCertificateEntry[]> {
    const rows = (await this.dataSource.query(
      `SELECT serial_hex, revoked_at, revocation_reason FROM signatures.signer_key WHERE ca_id = $1 AND revoked_at IS NOT NULL ORDER BY revoked_at, serial_hex`,
      [caId],
    )) as Array<{ serial_hex: string; revoked_at: Date; revocation_reason: RevocationReason }>;
    return rows.map((row) => ({ serialHex: row.serial_hex, revokedAt: new Date(row.revoked_at), reason: row.revocation_reason }));
  }

  /** What OCSP answers for a serial number of a CA: good, revoked, or unknown (this CA never issued it). */
  async statusOf(caId: string, serialHex: string): Promise<CertificateStatus> {
    const [row] = (await this.dataSource.query(
      `SELECT revoked_at, revocation_reason FROM signatures.signer_key WHERE ca_id = $1 AND serial_hex = $2`,
      [caId, serialHex],
    )) as Array<{ revoked_at: Date | null; revocation_reason: RevocationReason | null }>;
    if (!row) return { status: 'unknown' };
    if (!row.revoked_at) return { status: 'good' };
    return { status: 'revoked', revokedAt: new Date(row.revoked_at), reason: row.revocation_reason ?? 'unspecified' };
  }
}

function revocation(row: RevokedRow): Omit<Revocation, 'justRevoked'> {
  return { sha256: row.certificate_sha256, userId: row.user_id, revokedAt: new Date(row.revoked_at), reason: row.revocation_reason };
}
