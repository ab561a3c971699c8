import type { X509Certificate } from 'node:crypto';
import type { NamedHandover } from '../handover/handover-protocol';
import type { SigningCredential } from '../keys/signing-credential';
import type { SignatureDetails } from '../pades/pades-document';
import type { DocumentVerification } from '../pades/document-verification';
import type { ActiveContentPolicy, DocumentToSign, UploadedPdf } from '../request/create-request/uploaded-pdf';

/**
 * Every piece of PDF work whose cost grows with the document: reading an upload, preparing it for
 * signing, signing, verifying, and the handover protocol. One method per pure function, same
 * arguments and result, so a call site changes by its receiver only. The implementation
 * (`PdfWorkerPool`) runs them in worker threads, because a 20 MB document holds the thread that
 * reads it for seconds — on the event loop, every tenant's request and /health/live would wait.
 *
 * Each method may throw `SERVICE.BUSY` (503, Retry-After) when too many documents are in work.
 */
export abstract class PdfWork {
  /** `readUploadedPdf` (request/create-request/uploaded-pdf.ts). */
  abstract readUploadedPdf(bytes: Buffer | undefined, field?: string): Promise<UploadedPdf>;
  /** `readDocumentToSign` (request/create-request/uploaded-pdf.ts). */
  abstract readDocumentToSign(bytes: Buffer | undefined, policy: ActiveContentPolicy): Promise<DocumentToSign>;
  /** `verifyDocument` (pades/document-verification.ts). */
  abstract verifyDocument(pdf: Buffer, trustedCas: readonly X509Certificate[]): Promise<DocumentVerification>;
  /** `addPadesSignature` (pades/pades-document.ts). */
  abstract addPadesSignature(pdf: Buffer, credential: SigningCredential, details: SignatureDetails): Promise<Buffer>;
  /** `handoverProtocol` (handover/handover-protocol.ts). */
  abstract handoverProtocol(event: NamedHandover, date: Date): Promise<Buffer>;
}
