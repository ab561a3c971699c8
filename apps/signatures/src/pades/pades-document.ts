import { createHash } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import type { SigningCredential } from '../keys/signing-credential';
import { cmsSignedData } from './cms-signed-data';
import {
  appendSignaturePlaceholder,
  BYTE_RANGE_PLACEHOLDER,
  NotIncrementallySignable,
  type PlaceholderPdf,
  type SignatureFields,
} from './incremental-update';

/** Room for the CMS in every signature dictionary: two RSA-3072 certificates and a signature fit in ~4 KB. */
const SIGNATURE_CAPACITY_BYTES = 8192;
const APP_NAME = 'amtsweg';

/** What the signature dictionary says besides the signature: shown by PDF readers next to it. */
export interface SignatureDetails {
  signerName: string;
  reason: string;
  location: string;
  contactInfo: string;
  /** The claimed signing time: the dictionary's `/M` (PAdES puts no signing-time into the CMS). */
  signingTime: Date;
}

/**
 * Adds one PAdES signature (CMS, SHA-256, `ETSI.CAdES.detached`) to `pdf` as an incremental
 * update (`appendSignaturePlaceholder`): the bytes before it stay exactly as they were, so
 * earlier signatures stay valid.
 *
 * `pdf` should be a document from `prepareForSigning` (as the service stores it at upload) or one
 * signed before. Any other unsigned document is prepared here first (a pdf-lib rewrite whose cost
 * grows with the document): requests stored before documents were prepared at upload.
 */
export async function addPadesSignature(pdf: Buffer, credential: SigningCredential, details: SignatureDetails): Promise<Buffer> {
  const base =
    hasSignatures(pdf) || isPreparedForSigning(pdf)
      ? pdf
      : (await prepareForSigning(await PDFDocument.load(pdf, { updateMetadata: false }))).bytes;
  let placeholder: PlaceholderPdf;
  try {
    placeholder = appendSignaturePlaceholder(base, signatureFields(details), SIGNATURE_CAPACITY_BYTES);
  } catch (error) {
    if (!(error instanceof NotIncrementallySignable)) throw error;
    // A structure the lean update does not handle (e.g. a document signed elsewhere before): the library's way.
    placeholder = locatePlaceholder(appendPlaceholder(base, details));
  }
  return embedSignature(placeholder, credential);
}

function signatureFields(details: SignatureDetails): SignatureFields {
  return {
    name: pdfText(details.signerName),
    reason: pdfText(details.reason),
    location: pdfText(details.location),
    contactInfo: pdfText(details.contactInfo),
    signingTime: details.signingTime,
    appName: APP_NAME,
  };
}

/** A document ready for incremental signatures, and the SHA-256 (hex) of exactly these bytes. */
export interface PreparedPdf {
  bytes: Buffer;
  sha256: string;
}

/**
 * Rewrites the document once, before anybody signs (at upload): a classic cross-reference table
 * (placeholder-plain reads no cross-reference streams) and a typed AcroForm (`typeAcroForm`).
 * Every signature after that — the first too — is a cheap incremental update of these bytes.
 * The rewrite changes the bytes (not the content): keep the original's SHA-256 next to this one.
 */
export async function prepareForSigning(document: PDFDocument): Promise<PreparedPdf> {
  typeAcroForm(document);
  // No object streams: the incremental updates read a classic xref table.
  const bytes = Buffer.from(await document.save({ useObjectStreams: false }));
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** True when the document already carries a signature dictionary (a `/ByteRange`). */
export function hasSignatures(pdf: Buffer): boolean {
  return pdf.includes('/ByteRange');
}

/**
 * What `prepareForSigning` guarantees, checked from the end of the file: the last cross-reference
 * section is a classic table, and the form is typed with its `Fields` array first.
 */
export function isPreparedForSigning(pdf: Buffer): boolean {
  const startxref = pdf.lastIndexOf('startxref');
  if (startxref < 0) return false;
  const offset = Number.parseInt(
    pdf
      .subarray(startxref + 9, startxref + 40)
      .toString('latin1')
      .trim(),
    10,
  );
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= pdf.length) return false;
  if (pdf.subarray(offset, offset + 4).toString('latin1') !== 'xref') return false;
  const form = pdf.lastIndexOf('/Type /AcroForm');
  return form >= 0 && /^\/Type \/AcroForm\s*\/Fields\s*\[/.test(pdf.toString('latin1', form, form + 64));
}

function appendPlaceholder(pdf: Buffer, details: SignatureDetails): Buffer {
  return plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: pdfText(details.reason),
    contactInfo: pdfText(details.contactInfo),
    name: pdfText(details.signerName),
    location: pdfText(details.location),
    signingTime: details.signingTime,
    // Here the length counts bytes.
    signatureLength: SIGNATURE_CAPACITY_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: APP_NAME,
  });
}

/**
 * placeholder-plain finds the form of a signed document by the text `/Type /AcroForm` and reads
 * its `/Fields [ … ]` up to the first `]`: without both, the next signer's update would drop the
 * earlier signature fields from the form. So the form gets its `/Type` and a direct `Fields`
 * array as its first entries, before the first signature.
 */
function typeAcroForm(document: PDFDocument): void {
  const { context, catalog } = document;
  const existing = catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = existing?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const form = context.obj({ Type: 'AcroForm', Fields: fields ? fields.asArray() : [] });
  for (const [key, value] of existing?.entries() ?? []) {
    if (key !== PDFName.of('Type') && key !== PDFName.of('Fields')) form.set(key, value);
  }
  const reference = catalog.get(PDFName.of('AcroForm'));
  if (reference instanceof PDFRef) context.assign(reference, form);
  else catalog.set(PDFName.of('AcroForm'), context.register(form));
}

/**
 * Dictionary strings as plain ASCII: placeholder-plain writes non-ASCII text as UTF-16 through a
 * UTF-8 encoder and garbles it. The name here is only a label; the certificate carries the real one.
 */
export function pdfText(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Where placeholder-plain put the placeholder of the new signature: always the last one. */
function locatePlaceholder(pdf: Buffer): PlaceholderPdf {
  const byteRangeAt = pdf.lastIndexOf(BYTE_RANGE_PLACEHOLDER);
  const contents = byteRangeAt < 0 ? -1 : pdf.indexOf('/Contents <', byteRangeAt);
  const contentsOpen = contents < 0 ? -1 : contents + '/Contents '.length;
  const contentsClose = contentsOpen < 0 ? -1 : pdf.indexOf('>', contentsOpen);
  if (contentsClose < 0) throw new Error('No signature placeholder in the document.');
  return { pdf, byteRangeAt, contentsOpen, contentsClose };
}

/**
 * Fills the placeholder in place: the byte range (everything but the `<…>` of `/Contents`), then
 * the CMS over the two covered ranges, hashed where they lie. (@signpdf/signpdf does the same with
 * a scan for every `/ByteRange` from the start of the file and three copies of the document.)
 */
export function embedSignature({ pdf, byteRangeAt, contentsOpen, contentsClose }: PlaceholderPdf, credential: SigningCredential): Buffer {
  if (pdf.toString('latin1', byteRangeAt, byteRangeAt + BYTE_RANGE_PLACEHOLDER.length) !== BYTE_RANGE_PLACEHOLDER)
    throw new Error('The byte range placeholder is not where expected.');
  const range = [0, contentsOpen, contentsClose + 1, pdf.length - (contentsClose + 1)];
  const written = `/ByteRange [${range.join(' ')}]`;
  if (written.length > BYTE_RANGE_PLACEHOLDER.length) throw new Error('The byte range does not fit its placeholder.');
  pdf.write(written.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), byteRangeAt, 'latin1');

  const cms = cmsSignedData([pdf.subarray(0, contentsOpen), pdf.subarray(contentsClose + 1)], credential);
  const room = (contentsClose - contentsOpen - 1) / 2;
  if (cms.length > room) throw new Error(`The signature (${cms.length} bytes) does not fit its placeholder (${room} bytes).`);
  // The rest of the placeholder stays zeros.
  pdf.write(cms.toString('hex'), contentsOpen + 1, 'latin1');
  return pdf;
}
