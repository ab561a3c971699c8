import type { X509Certificate } from 'node:crypto';
import { PdfRevisions } from './pdf-revisions';
import { inspectSignatures, type InspectedSignature } from './signature-inspection';
import { findUnsignedChanges, type UnsignedChange } from './unsigned-changes';

export interface DocumentVerification {
  /** At least one signature, every signature intact, and no unsigned change. */
  intact: boolean;
  /** Changes made by a revision after a signature that no later-signature rule permits, oldest first. */
  unsignedChanges: UnsignedChange[];
  signatures: InspectedSignature[];
}

/**
 * Everything verification says about a PDF, from its bytes and the trust anchor alone: no
 * service, no clock, no I/O — so it can run in a worker thread.
 *
 * Each signature is checked on its own bytes; then every revision after the earliest signed one
 * is compared with the revision before it. A signature whose signed revision is followed by an
 * unsigned change gets `CHANGED_AFTER_SIGNING`.
 */
export function verifyDocument(pdf: Buffer, trustedCas: readonly X509Certificate[] = []): DocumentVerification {
  const document = new PdfRevisions(pdf);
  const signatures = inspectSignatures(pdf, trustedCas, document);
  const signedRevisions = signatures.map((s) => s.signedRevision).filter((revision) => revision > 0);
  const unsignedChanges = signedRevisions.length ? findUnsignedChanges(document, Math.min(...signedRevisions)) : [];
  for (const signature of signatures) {
    const later = unsignedChanges.filter((change) => signature.signedRevision > 0 && change.revision > signature.signedRevision);
    if (later.length) {
      signature.problems.push({
        code: 'CHANGED_AFTER_SIGNING',
        detail: `Revision ${later
          .map((c) => c.revision)
          .filter((r, i, all) => all.indexOf(r) === i)
          .join(', ')} changed what this signature covered (${[...new Set(later.map((c) => c.kind))].join(', ')}).`,
      });
    }
  }
  return {
    intact: signatures.length > 0 && signatures.every((s) => s.intact) && unsignedChanges.length === 0,
    unsignedChanges,
    signatures,
  };
}
