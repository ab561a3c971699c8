import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

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
): Promise<Buffer> {
  const { page, pageRef, form, formRef } = await objectsOf(pdf);
  const { size } = lastTrailer(pdf);
  const [signature, widget] = [size, size + 1];
  page.set(PDFName.of('Annots'), page.lookup(PDFName.of('Annots'), PDFArray).clone());
  page.lookup(PDFName.of('Annots'), PDFArray).push(PDFRef.of(widget));
  form.lookup(PDFName.of('Fields'), PDFArray).push(PDFRef.of(widget));
  const placeholder = '[0 0000000000 0000000000 0000000000]';
  const rangeText = range === 'cover' ? placeholder : range === 'missing' ? undefined : `[${range.join(' ')}]`;
  const body = `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached${rangeText ? ` /ByteRange ${rangeText}` : ''}${contents === undefined ? '' : ` /Contents ${contents}`} /M (D:20261127101530Z) >>`;
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
