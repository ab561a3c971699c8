import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import type { SigningCredential } from '../keys/signing-credential';
import { cmsSignedData } from './cms-signed-data';

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
 * Adds one PAdES signature (CMS, SHA-256, `ETSI.CAdES.detached`) to `pdf`.
 *
 * The first signature rewrites the document once with pdf-lib (classic cross-reference table, a
 * typed AcroForm) and signs the whole of it. Every later one is an incremental update appended by
 * `@signpdf/placeholder-plain`: the bytes that earlier signatures cover stay exactly as they were,
 * so those signatures stay valid — re-saving with pdf-lib would rewrite them and break them.
 */
export async function addPadesSignature(pdf: Buffer, credential: SigningCredential, details: SignatureDetails): Promise<Buffer> {
  const withPlaceholder = hasSignatures(pdf) ? appendPlaceholder(pdf, details) : await rewriteWithPlaceholder(pdf, details);
  return new SignPdf().sign(withPlaceholder, new CmsSigner(credential), details.signingTime);
}

/** True when the document already carries a signature dictionary (a `/ByteRange`). */
export function hasSignatures(pdf: Buffer): boolean {
  return pdf.includes('/ByteRange');
}

async function rewriteWithPlaceholder(pdf: Buffer, details: SignatureDetails): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  typeAcroForm(document);
  pdflibAddPlaceholder({
    pdfDoc: document,
    reason: pdfText(details.reason),
    contactInfo: pdfText(details.contactInfo),
    name: pdfText(details.signerName),
    location: pdfText(details.location),
    signingTime: details.signingTime,
    // Here the length counts hex digits: two per byte.
    signatureLength: SIGNATURE_CAPACITY_BYTES * 2,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: APP_NAME,
  });
  // No object streams: the next signer's incremental update reads a classic xref table.
  return Buffer.from(await document.save({ useObjectStreams: false }));
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

/** @signpdf hands the document without its placeholder; we answer with the CMS. */
class CmsSigner extends Signer {
  constructor(private readonly credential: SigningCredential) {
    super();
  }

  override async sign(pdfWithoutContents: Buffer): Promise<Buffer> {
    return cmsSignedData(pdfWithoutContents, this.credential);
  }
}
