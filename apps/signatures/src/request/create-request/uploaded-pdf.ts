import { createHash } from 'node:crypto';
import { DomainError } from '@amtsweg/platform';
import { PDFDocument } from 'pdf-lib';
import { findActiveContent } from '../../documents/active-content';
import { hasSignatures, prepareForSigning, type PreparedPdf } from '../../pades/pades-document';

export interface UploadedPdf {
  bytes: Buffer;
  sha256: string;
  pageCount: number;
}

/** An upload to be signed: the original as received, and the document the signatures go into. */
export interface DocumentToSign extends UploadedPdf {
  /** The original rewritten once by `prepareForSigning`: every signature is an incremental update of it. */
  toSign: PreparedPdf;
}

const PDF_MAGIC = Buffer.from('%PDF-');

/**
 * Accepts only a real, unencrypted, unsigned PDF: the magic bytes at the start (within the first
 * 1 KB, as readers allow), a document pdf-lib can read with at least one page, no encryption.
 *
 * Documents that already carry signatures are refused: the document is rewritten once before
 * the first signature (`prepareForSigning`), which would break theirs.
 */
export async function readUploadedPdf(bytes: Buffer | undefined, field = 'file'): Promise<UploadedPdf> {
  const { bytes: read, sha256, pageCount } = await loadUploadedPdf(bytes, field);
  return { bytes: read, sha256, pageCount };
}

async function loadUploadedPdf(bytes: Buffer | undefined, field: string): Promise<UploadedPdf & { document: PDFDocument }> {
  if (!bytes || bytes.length === 0) {
    throw DomainError.badRequest('SIGNATURE.DOCUMENT_MISSING', 'Attach the PDF in the multipart part "file".', [
      { field, message: 'is required' },
    ]);
  }
  const magicAt = bytes.subarray(0, 1024).indexOf(PDF_MAGIC);
  if (magicAt < 0)
    throw new DomainError(415, 'SIGNATURE.NOT_A_PDF', 'The file is not a PDF document.', [{ field, message: 'must be a PDF' }]);
  const unreadable = () =>
    DomainError.unprocessable('SIGNATURE.DOCUMENT_UNREADABLE', 'The PDF could not be read; it may be damaged.', [
      { field, message: 'unreadable PDF' },
    ]);
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  } catch {
    throw unreadable();
  }
  if (document.isEncrypted) {
    throw DomainError.unprocessable(
      'SIGNATURE.DOCUMENT_ENCRYPTED',
      'The PDF is encrypted or password-protected; upload it without protection.',
      [{ field, message: 'encrypted PDF' }],
    );
  }
  let pageCount: number;
  try {
    // pdf-lib reads leniently: a file without a page tree only fails here.
    pageCount = document.getPageCount();
  } catch {
    throw unreadable();
  }
  if (pageCount < 1) throw unreadable();
  return { bytes, sha256: sha256(bytes), pageCount, document };
}

/** What a tenant lets into a document to be signed (its signature settings). */
export interface ActiveContentPolicy {
  allowEmbeddedFiles: boolean;
}

/**
 * For signing requests: additionally, no signatures yet and no active content (a signature must
 * not vouch for a script); and prepared for signing here, once — before any transaction, and so
 * that no signature needs to rewrite the document.
 */
export async function readDocumentToSign(bytes: Buffer | undefined, policy: ActiveContentPolicy): Promise<DocumentToSign> {
  const { document, ...pdf } = await loadUploadedPdf(bytes, 'file');
  if (hasSignatures(pdf.bytes)) {
    throw DomainError.unprocessable(
      'SIGNATURE.DOCUMENT_ALREADY_SIGNED',
      'The PDF already carries signatures; upload the unsigned document.',
      [{ field: 'file', message: 'already signed' }],
    );
  }
  const activeContent = findActiveContent(document).filter((kind) => !(kind === 'embedded-file' && policy.allowEmbeddedFiles));
  if (activeContent.length > 0) {
    const detail = `The PDF contains active content (${activeContent.join(', ')}), which a signature must not vouch for; upload it without.`;
    throw new DomainError(422, 'SIGNATURE.DOCUMENT_ACTIVE_CONTENT', detail, [{ field: 'file', message: 'active content' }], undefined, {
      activeContent,
    });
  }
  return { ...pdf, toSign: await prepareForSigning(document) };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
