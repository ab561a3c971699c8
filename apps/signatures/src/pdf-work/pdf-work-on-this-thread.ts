import { handoverProtocol } from '../handover/handover-protocol';
import { verifyDocument } from '../pades/document-verification';
import { addPadesSignature } from '../pades/pades-document';
import { readDocumentToSign, readUploadedPdf } from '../request/create-request/uploaded-pdf';
import { PdfWork } from './pdf-work';

/**
 * The PDF work on the calling thread, without a worker pool: for unit tests of a handler and for the
 * signing benchmark, which measure the work itself, not the hop to a worker thread. Never for a
 * server — there it would hold the event loop (see `PdfWorkerPool`).
 */
export class PdfWorkOnThisThread extends PdfWork {
  readUploadedPdf = readUploadedPdf;
  readDocumentToSign = readDocumentToSign;
  verifyDocument = async (...args: Parameters<typeof verifyDocument>) => verifyDocument(...args);
  addPadesSignature = addPadesSignature;
  handoverProtocol = handoverProtocol;
}
