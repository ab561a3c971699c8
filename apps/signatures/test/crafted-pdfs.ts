import { createHash, sign } from 'node:crypto';
import forge from 'node-forge';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import type { SigningCredential } from '../src/keys/signing-credential';

/**
 * Byte-level incremental updates for the attack tests: what an attacker appends to a signed PDF
 * (or slips into it before it is signed), written as text, never through a PDF library's save.
 */

export interface RevisionObject {
  num: number;
  body: string;
}

export interface RevisionOptions {
  /** Trailer entries that replace the previous trailer's (e.g. `{ Root: '40 0 R' }`). */
  trailer?: Record<string, string>;
  /** Objects the new cross-reference table marks free. */
  freed?: number[];
  /** Cross-reference entries that point at bytes already in the file (no new object body). */
  pointed?: { num: number; offset: number }[];
}

/** The last trailer's entries as written. */
export function lastTrailer(pdf: Buffer): { root: string; size: number; info?: string; id?: string; startxref: number } {
  const text = pdf.toString('latin1');
  const trailer = text.slice(text.lastIndexOf('trailer'), text.lastIndexOf('startxref'));
  return {
    root: /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)![1],
    size: Number(/\/Size\s+(\d+)/.exec(trailer)![1]),
    info: /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1],
    id: /\/ID\s*(\[[^\]]*\])/.exec(trailer)?.[1],
    startxref: Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]),
  };
}

/** Appends one incremental update: the objects, a classic cross-reference table and a trailer with `/Prev`. */
export function appendRevision(pdf: Buffer, objects: RevisionObject[], options: RevisionOptions = {}): Buffer {
  const previous = lastTrailer(pdf);
  let text = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const entries = new Map<number, string>();
  for (const { num, body } of objects) {
    entries.set(num, `${String(pdf.length + text.length).padStart(10, '0')} 00000 n \n`);
    text += `${num} 0 obj\n${body}\nendobj\n`;
  }
  for (const num of options.freed ?? []) entries.set(num, '0000000000 00001 f \n');
  for (const { num, offset } of options.pointed ?? []) entries.set(num, `${String(offset).padStart(10, '0')} 00000 n \n`);
  const xrefAt = pdf.length + text.length;
  text += 'xref\n';
  for (const num of [...entries.keys()].sort((a, b) => a - b)) text += `${num} 1\n${entries.get(num)}`;
  const size = Math.max(previous.size, ...[...entries.keys()].map((n) => n + 1));
  const trailer: Record<string, string> = {
    Size: String(size),
    Root: previous.root,
    ...(previous.info ? { Info: previous.info } : {}),
    ...(previous.id ? { ID: previous.id } : {}),
    ...options.trailer,
    Prev: String(previous.startxref),
  };
  text += `trailer\n<<\n${Object.entries(trailer)
    .map(([key, value]) => `/${key} ${value}`)
    .join('\n')}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(text, 'latin1')]);
}

/** A content stream object body. */
export function stream(content: string, dictionary = ''): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} ${dictionary} >>\nstream\n${content}\nendstream`;
}

/** Page 1 covered by a red rectangle: the incremental saving attack's new content. */
export const RED_RECTANGLE = '1 0 0 rg 0 0 612 792 re f';

/** The document's objects as pdf-lib reads them (the newest revision), to copy and change. */
export async function objectsOf(pdf: Buffer) {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = document.getPage(0);
  const contents = page.node.get(PDFName.of('Contents'));
  const catalogRef = document.context.trailerInfo.Root as PDFRef;
  const formRef = document.catalog.get(PDFName.of('AcroForm')) as PDFRef;
  return {
    document,
    page: page.node,
    pageRef: page.ref,
    /** The page's first content stream. */
    contentRef: (contents instanceof PDFArray ? contents.get(0) : contents) as PDFRef,
    catalog: document.catalog,
    catalogRef,
    form: document.context.lookup(formRef, PDFDict),
    formRef,
  };
}

/** The four numbers of the `index`-th `/ByteRange` in the file, and where its `/Contents` value lies. */
export function byteRange(pdf: Buffer, index = 0): { range: number[]; contents: string } {
  const matches = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const range = matches[index].slice(1, 5).map(Number);
  return { range, contents: pdf.toString('latin1', range[1], range[2]) };
}

/** Bytes written over part of a copy of `pdf` (e.g. into a signature's unsigned `/Contents` gap). */
export function overwrite(pdf: Buffer, offset: number, text: string): Buffer {
  const copy = Buffer.from(pdf);
  copy.write(text, offset, 'latin1');
  return copy;
}

/**
 * Universal signature forgery: an update that adds a signature field whose dictionary has the given
 * `/Contents` (raw PDF value, or none) and `/ByteRange` (`'cover'`: the file around this `/Contents`,
 * `'missing'`, or four numbers as written).
 */
export async function forgedSignatureUpdate(
  pdf: Buffer,
  contents: string | undefined,
  range: 'cover' | 'missing' | number[],
  kind = { type: 'Sig', subFilter: 'ETSI.CAdES.detached' },
): Promise<Buffer> {
  const { page, pageRef, form, formRef } = await objectsOf(pdf);
  const { size } = lastTrailer(pdf);
  const [signature, widget] = [size, size + 1];
  page.set(PDFName.of('Annots'), page.lookup(PDFName.of('Annots'), PDFArray).clone());
  page.lookup(PDFName.of('Annots'), PDFArray).push(PDFRef.of(widget));
  form.lookup(PDFName.of('Fields'), PDFArray).push(PDFRef.of(widget));
  const placeholder = '[0 0000000000 0000000000 0000000000]';
  const rangeText = range === 'cover' ? placeholder : range === 'missing' ? undefined : `[${range.join(' ')}]`;
  const body = `<< /Type /${kind.type} /Filter /Adobe.PPKLite /SubFilter /${kind.subFilter}${rangeText ? ` /ByteRange ${rangeText}` : ''}${contents === undefined ? '' : ` /Contents ${contents}`} /M (D:20261127101530Z) >>`;
  const updated = appendRevision(pdf, [
    { num: signature, body },
    {
      num: widget,
      body: `<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /V ${signature} 0 R /T (Forged) /F 4 /P ${pageRef.toString()} >>`,
    },
    { num: pageRef.objectNumber, body: page.toString() },
    { num: formRef.objectNumber, body: form.toString() },
  ]);
  if (range !== 'cover') return updated;
  const at = updated.lastIndexOf(placeholder);
  const open = updated.indexOf('/Contents ', at) + '/Contents '.length;
  const close = updated.indexOf('>', open) + 1;
  const written = `[0 ${open} ${close} ${updated.length - close}]`;
  return overwrite(updated, at, written.padEnd(placeholder.length, ' '));
}

const { asn1 } = forge;
const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (value: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: Buffer) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
const int = (hex: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(hex));
const explicit = (tag: number, item: forge.asn1.Asn1) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [item]);
const SHA256 = '2.16.840.1.101.3.4.2.1';
const TST_INFO = '1.2.840.113549.1.9.16.1.4';

/** An RFC 3161 timestamp token over `imprint` (SHA-256), signed by `tsa`: what a TSA answers. */
export function timestampToken(imprint: Buffer, tsa: SigningCredential, genTime: Date): Buffer {
  const generalizedTime = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(genTime));
  const tstInfo = der(seq([int('01'), oid('1.2.3.4.1'), seq([seq([oid(SHA256)]), octets(imprint)]), int('2a'), generalizedTime]));
  const attributes = [
    seq([oid('1.2.840.113549.1.9.3'), set([oid(TST_INFO)])]),
    seq([oid('1.2.840.113549.1.9.4'), set([octets(createHash('sha256').update(tstInfo).digest())])]),
  ];
  const signature = sign('sha256', der(set(attributes)), tsa.privateKey);
  const signerInfo = seq([
    int('01'),
    seq([forge.pki.distinguishedNameToAsn1(tsa.certificate.issuer), int(tsa.certificate.serialNumber)]),
    seq([oid(SHA256)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attributes),
    seq([oid('1.2.840.113549.1.1.1')]),
    octets(signature),
  ]);
  const signedData = seq([
    int('03'),
    set([seq([oid(SHA256)])]),
    seq([oid(TST_INFO), explicit(0, octets(tstInfo))]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [forge.pki.certificateToAsn1(tsa.certificate)]),
    set([signerInfo]),
  ]);
  return der(seq([oid('1.2.840.113549.1.7.2'), explicit(0, signedData)]));
}

/** A PAdES document timestamp (`/DocTimeStamp`, `ETSI.RFC3161`) appended in its own signature field. */
export async function docTimeStampUpdate(pdf: Buffer, tsa: SigningCredential, genTime: Date): Promise<Buffer> {
  const updated = await forgedSignatureUpdate(pdf, `<${'0'.repeat(16_384)}>`, 'cover', { type: 'DocTimeStamp', subFilter: 'ETSI.RFC3161' });
  const ranges = [...updated.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const [, a, b, c] = ranges[ranges.length - 1].slice(1, 5).map(Number);
  const imprint = createHash('sha256')
    .update(updated.subarray(0, a))
    .update(updated.subarray(b, b + c))
    .digest();
  return overwrite(updated, a + 1, timestampToken(imprint, tsa, genTime).toString('hex'));
}
