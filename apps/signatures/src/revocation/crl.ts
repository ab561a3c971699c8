import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { authorityKeyIdentifierExtension, reasonCodeExtension, serialInteger, type RevocationReason, type RevocationSigner } from './pkix';

/** A CRL is valid this long: relying parties fetch a new one a day later at the latest. */
export const CRL_VALIDITY_MS = 24 * 60 * 60_000;

export interface RevokedCertificateEntry {
  serialHex: string;
  revokedAt: Date;
  reason: RevocationReason;
}

/**
 * A complete, signed X.509 v2 CRL (RFC 5280 5) of one CA's revoked signer certificates, DER.
 * The CRL number grows with `thisUpdate` (seconds), so a newer CRL always has a larger one
 * without a counter to keep.
 */
export async function buildCrl(ca: RevocationSigner, revoked: RevokedCertificateEntry[], thisUpdate: Date): Promise<Buffer> {
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    issuer: ca.certificate.subject,
    thisUpdate: new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: thisUpdate }),
    nextUpdate: new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(thisUpdate.getTime() + CRL_VALIDITY_MS) }),
  });
  // RFC 5280: with no revoked certificate the list is absent, not empty.
  crl.revokedCertificates =
    revoked.length === 0
      ? undefined
      : revoked.map(
          (entry) =>
            new pkijs.RevokedCertificate({
              userCertificate: serialInteger(entry.serialHex),
              revocationDate: new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: entry.revokedAt }),
              crlEntryExtensions: new pkijs.Extensions({ extensions: [reasonCodeExtension(entry.reason)] }),
            }),
        );
  const authorityKeyIdentifier = authorityKeyIdentifierExtension(ca.certificate);
  const crlNumber = new pkijs.Extension({
    extnID: pkijs.id_CRLNumber,
    critical: false,
    extnValue: new asn1js.Integer({ value: Math.floor(thisUpdate.getTime() / 1000) }).toBER(false),
  });
  crl.crlExtensions = new pkijs.Extensions({ extensions: authorityKeyIdentifier ? [authorityKeyIdentifier, crlNumber] : [crlNumber] });
  await crl.sign(ca.privateKey, 'SHA-256');
  return Buffer.from(crl.toSchema(true).toBER(false));
}
