/**
 * Appends a signature placeholder to a prepared (or already signed) PDF as one incremental
 * update: the signature dictionary, its field/widget, the first page with the widget added to its
 * `/Annots`, the AcroForm with the field added to its `/Fields`, a cross-reference section and a
 * trailer pointing back (`/Prev`) at the previous one. The bytes before stay exactly as they were.
 *
 * Why not `@signpdf/placeholder-plain` (which did this before): it decodes the whole file into
 * strings more than once, parses every cross-reference section in full and copies the file four
 * times — on a 100-page document most of a signature's time. Here only what the update needs is
 * read: the last trailer, the few cross-reference entries of the catalog, the page tree down to
 * the first page and the form (classic tables have fixed 20-byte entries: an entry is found by
 * arithmetic, not by parsing), and those objects' dictionaries. The file is copied once.
 */

/** The widths placeholder-plain used: a byte range of four numbers fits into this. */
export const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 /********** /********** /**********]';

export interface SignatureFields {
  name: string;
  reason: string;
  location: string;
  contactInfo: string;
  signingTime: Date;
  appName: string;
}

export interface PlaceholderPdf {
  pdf: Buffer;
  /** Offset of `BYTE_RANGE_PLACEHOLDER`. */
  byteRangeAt: number;
  /** Offsets of `<` and `>` around the zeros that the CMS (hex) replaces. */
  contentsOpen: number;
  contentsClose: number;
}

interface Ref {
  num: number;
  gen: number;
}

export class NotIncrementallySignable extends Error {}

export function appendSignaturePlaceholder(pdf: Buffer, fields: SignatureFields, capacityBytes: number): PlaceholderPdf {
  const xref = new CrossReference(pdf);
  const trailer = xref.trailer;
  const root = refIn(trailer, 'Root');
  if (!root) throw new NotIncrementallySignable('The trailer names no catalog.');
  const catalog = xref.dictionary(root);
  const formRef = refValue(catalog.get('AcroForm'));
  if (!formRef) throw new NotIncrementallySignable('The catalog has no AcroForm object (prepare the document first).');
  const form = xref.dictionary(formRef);
  const page = firstPage(xref, refValue(catalog.get('Pages')));
  const pageDictionary = xref.dictionary(page);

  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
  if (!Number.isSafeInteger(size) || size < 1) throw new NotIncrementallySignable('The trailer has no /Size.');
  const signature: Ref = { num: size, gen: 0 };
  const widget: Ref = { num: size + 1, gen: 0 };

  const fieldsValue = form.get('Fields')?.trim() ?? '[]';
  if (!fieldsValue.startsWith('['))
    throw new NotIncrementallySignable('The form has no direct /Fields array (prepare the document first).');
  const existingFields = fieldsValue.slice(1, -1).trim();
  const fieldCount = (existingFields.match(/\d+\s+\d+\s+R/g) ?? []).length;
  form.set('Fields', `[${existingFields ? `${existingFields} ` : ''}${ref(widget)}]`);
  form.set('SigFlags', '3');

  const rewritten: [Ref, string][] = [[formRef, form.toString()]];
  const annots = pageDictionary.get('Annots')?.trim();
  const annotsRef = annots ? refValue(annots) : undefined;
  if (annotsRef) {
    const array = xref.objectBody(annotsRef).trim();
    if (!array.startsWith('[')) throw new NotIncrementallySignable('The page /Annots object is no array.');
    rewritten.push([annotsRef, `[${array.slice(1, -1).trim()} ${ref(widget)}]`]);
  } else {
    pageDictionary.set('Annots', `[${annots ? `${annots.slice(1, -1).trim()} ` : ''}${ref(widget)}]`);
    rewritten.push([page, pageDictionary.toString()]);
  }

  const contents = `<${'0'.repeat(capacityBytes * 2)}>`;
  const signatureHead = `<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n${BYTE_RANGE_PLACEHOLDER}\n/Contents `;
  const signatureTail =
    `\n/Reason ${pdfString(fields.reason)}\n/M ${pdfString(pdfDate(fields.signingTime))}\n/ContactInfo ${pdfString(fields.contactInfo)}` +
    `\n/Name ${pdfString(fields.name)}\n/Location ${pdfString(fields.location)}` +
    `\n/Prop_Build << /Filter << /Name /Adobe.PPKLite >> /App << /Name /${fields.appName} >> >>\n>>`;
  const widgetBody = `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [0 0 0 0]\n/V ${ref(signature)}\n/T ${pdfString(`Signature${fieldCount + 1}`)}\n/F 4\n/P ${ref(page)}\n>>`;

  // Everything appended is ASCII: string length = byte length.
  let text = pdf[pdf.length - 1] === 0x0a || pdf[pdf.length - 1] === 0x0d ? '' : '\n';
  const offsets = new Map<number, { offset: number; gen: number }>();
  const object = (at: Ref, body: string) => {
    offsets.set(at.num, { offset: pdf.length + text.length, gen: at.gen });
    text += `${at.num} ${at.gen} obj\n${body}\nendobj\n`;
  };
  offsets.set(signature.num, { offset: pdf.length + text.length, gen: 0 });
  text += `${signature.num} 0 obj\n${signatureHead}`;
  const byteRangeAt = pdf.length + text.length - '\n/Contents '.length - BYTE_RANGE_PLACEHOLDER.length;
  const contentsOpen = pdf.length + text.length;
  text += `${contents}${signatureTail}\nendobj\n`;
  object(widget, widgetBody);
  for (const [at, body] of rewritten) object(at, body);

  const xrefAt = pdf.length + text.length;
  text += `xref\n${xrefSubsections(offsets)}trailer\n<<\n/Size ${size + 2}\n/Root ${ref(root)}\n`;
  const info = /\/Info\s+\d+\s+\d+\s+R/.exec(trailer)?.[0];
  if (info) text += `${info}\n`;
  const id = /\/ID\s*\[[^\]]*\]/.exec(trailer)?.[0];
  if (id) text += `${id}\n`;
  text += `/Prev ${xref.lastSectionAt}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`;

  const out = Buffer.allocUnsafe(pdf.length + text.length);
  pdf.copy(out, 0);
  out.write(text, pdf.length, 'latin1');
  return { pdf: out, byteRangeAt, contentsOpen, contentsClose: contentsOpen + contents.length - 1 };
}

/** Descends `/Kids` from the page tree root to its first leaf. */
function firstPage(xref: CrossReference, pages: Ref | undefined): Ref {
  let node = pages;
  for (let depth = 0; node && depth < 32; depth++) {
    const dictionary = xref.dictionary(node);
    const type = dictionary.get('Type')?.trim();
    if (type === '/Page') return node;
    const kids = dictionary.get('Kids')?.trim();
    const first = kids?.startsWith('[') ? /(\d+)\s+(\d+)\s+R/.exec(kids) : null;
    node = first ? { num: Number(first[1]), gen: Number(first[2]) } : undefined;
  }
  throw new NotIncrementallySignable('The document has no first page.');
}

/**
 * The classic cross-reference sections from the last one back along `/Prev`, read lazily: an
 * object's entry is looked up section by section, newest first, by its position in a subsection.
 */
class CrossReference {
  readonly lastSectionAt: number;
  readonly trailer: string;
  private readonly sections: { subsections: { first: number; count: number; at: number }[]; prev?: number }[] = [];
  private readonly found = new Map<number, number | null>();

  constructor(private readonly pdf: Buffer) {
    const startxref = pdf.lastIndexOf('startxref');
    if (startxref < 0) throw new NotIncrementallySignable('No startxref.');
    this.lastSectionAt = Number.parseInt(pdf.toString('latin1', startxref + 9, startxref + 40).trim(), 10);
    const last = this.section(this.lastSectionAt);
    this.trailer = last.trailer;
  }

  /** Offset of object `num`, or throws. */
  offsetOf(num: number): number {
    if (this.found.has(num)) {
      const offset = this.found.get(num);
      if (offset == null) throw new NotIncrementallySignable(`Object ${num} is free.`);
      return offset;
    }
    let at: number | undefined = this.lastSectionAt;
    for (let index = 0; at !== undefined && index < 10_000; index++) {
      if (index === this.sections.length) this.section(at);
      const section = this.sections[index];
      for (const subsection of section.subsections) {
        if (num < subsection.first || num >= subsection.first + subsection.count) continue;
        const entry = this.pdf.toString(
          'latin1',
          subsection.at + (num - subsection.first) * 20,
          subsection.at + (num - subsection.first) * 20 + 18,
        );
        const match = /^(\d{10}) (\d{5}) ([nf])/.exec(entry);
        if (!match) throw new NotIncrementallySignable(`Malformed cross-reference entry for object ${num}.`);
        const offset = match[3] === 'n' ? Number(match[1]) : null;
        this.found.set(num, offset);
        return this.offsetOf(num);
      }
      at = section.prev;
    }
    throw new NotIncrementallySignable(`Object ${num} is not in the cross-reference table.`);
  }

  /** The text between `num gen obj` and `endobj`. */
  objectBody(ref: Ref): string {
    const offset = this.offsetOf(ref.num);
    const end = this.pdf.indexOf('endobj', offset);
    if (end < 0) throw new NotIncrementallySignable(`Object ${ref.num} has no end.`);
    const text = this.pdf.toString('latin1', offset, end);
    const header = /^\s*(\d+)\s+(\d+)\s+obj/.exec(text);
    if (!header || Number(header[1]) !== ref.num)
      throw new NotIncrementallySignable(`Object ${ref.num} is not where the cross-reference table says.`);
    ref.gen = Number(header[2]);
    return text.slice(header[0].length);
  }

  dictionary(ref: Ref): PdfDictionary {
    const body = this.objectBody(ref).trim();
    if (!body.startsWith('<<')) throw new NotIncrementallySignable(`Object ${ref.num} is no dictionary.`);
    return PdfDictionary.parse(body);
  }

  private section(offset: number): { trailer: string } {
    // placeholder-plain's updates (older signatures) point one byte early, at the newline before `xref`.
    let at = offset;
    while (Number.isSafeInteger(at) && at < this.pdf.length && at - offset < 4 && isWhite(this.pdf[at])) at++;
    if (!Number.isSafeInteger(at) || this.pdf.toString('latin1', at, at + 4) !== 'xref') {
      throw new NotIncrementallySignable('The cross-reference section is not a classic table (prepare the document first).');
    }
    const subsections: { first: number; count: number; at: number }[] = [];
    let position = at + 4;
    const header = /\s*(\d+)\s+(\d+)[ \t]*\r?\n/y;
    for (;;) {
      header.lastIndex = 0;
      const chunk = this.pdf.toString('latin1', position, position + 40);
      const match = header.exec(chunk);
      if (!match) break;
      const count = Number(match[2]);
      subsections.push({ first: Number(match[1]), count, at: position + match[0].length });
      position += match[0].length + count * 20;
    }
    const trailerAt = this.pdf.indexOf('trailer', position);
    const trailerEnd = trailerAt < 0 ? -1 : this.pdf.indexOf('startxref', trailerAt);
    if (trailerEnd < 0) throw new NotIncrementallySignable('A cross-reference section has no trailer.');
    const trailer = this.pdf.toString('latin1', trailerAt + 7, trailerEnd);
    const prev = /\/Prev\s+(\d+)/.exec(trailer)?.[1];
    this.sections.push({ subsections, prev: prev === undefined ? undefined : Number(prev) });
    return { trailer };
  }
}

/** A dictionary's top-level entries as raw value text, in order; nested values stay as written. */
class PdfDictionary {
  private constructor(private readonly entries: [string, string][]) {}

  static parse(text: string): PdfDictionary {
    const entries: [string, string][] = [];
    let i = 2; // after <<
    const end = matchingEnd(text, 0);
    while (i < end) {
      while (i < end && isWhite(text.charCodeAt(i))) i++;
      if (i >= end) break;
      if (text[i] !== '/') throw new NotIncrementallySignable('Malformed dictionary.');
      let keyEnd = i + 1;
      while (keyEnd < end && !isWhite(text.charCodeAt(keyEnd)) && !DELIMITERS.includes(text[keyEnd])) keyEnd++;
      const key = text.slice(i + 1, keyEnd);
      const valueEnd = skipValue(text, keyEnd, end);
      entries.push([key, text.slice(keyEnd, valueEnd)]);
      i = valueEnd;
    }
    return new PdfDictionary(entries);
  }

  get(key: string): string | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }

  set(key: string, value: string): void {
    const entry = this.entries.find(([k]) => k === key);
    if (entry) entry[1] = value;
    else this.entries.push([key, value]);
  }

  toString(): string {
    return `<<\n${this.entries.map(([key, value]) => `/${key} ${value.trim()}`).join('\n')}\n>>`;
  }
}

function isWhite(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0x00;
}

/** Index just past the `>>` closing the dictionary that opens at `start`. */
function matchingEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('<<', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('>>', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i - 2;
    } else if (text[i] === '(') i = skipString(text, i);
    else if (text[i] === '<') i = text.indexOf('>', i) + 1;
    else if (text[i] === '%') i = skipComment(text, i);
    else i++;
  }
  throw new NotIncrementallySignable('Unterminated dictionary.');
}

/** From just after a key past its value: a name, dictionary, hex or literal string, array, or a run of plain tokens (`12 0 R`, `3`, `true`). */
function skipValue(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isWhite(text.charCodeAt(i))) i++;
  const c = text[i];
  if (c === '/') {
    i++;
    while (i < end && !isWhite(text.charCodeAt(i)) && !DELIMITERS.includes(text[i])) i++;
    return i;
  }
  if (text.startsWith('<<', i)) return matchingEnd(text, i) + 2;
  if (c === '<') return text.indexOf('>', i) + 1;
  if (c === '(') return skipString(text, i);
  if (c === '[') return skipArray(text, i);
  while (i < end && !DELIMITERS.includes(text[i])) i++;
  return i;
}

const DELIMITERS = '/[]<>()%';

function skipArray(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      depth++;
      i++;
    } else if (c === ']') {
      i++;
      if (--depth === 0) return i;
    } else if (text.startsWith('<<', i)) i = matchingEnd(text, i) + 2;
    else if (c === '<') i = text.indexOf('>', i) + 1;
    else if (c === '(') i = skipString(text, i);
    else if (c === '%') i = skipComment(text, i);
    else i++;
  }
  throw new NotIncrementallySignable('Unterminated array.');
}

function skipString(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  throw new NotIncrementallySignable('Unterminated string.');
}

function skipComment(text: string, start: number): number {
  const newline = text.slice(start).search(/[\r\n]/);
  return newline < 0 ? text.length : start + newline;
}

function refIn(dictionaryText: string, key: string): Ref | undefined {
  const match = new RegExp(`/${key}\\s+(\\d+)\\s+(\\d+)\\s+R`).exec(dictionaryText);
  return match ? { num: Number(match[1]), gen: Number(match[2]) } : undefined;
}

function refValue(value: string | undefined): Ref | undefined {
  const match = value ? /^\s*(\d+)\s+(\d+)\s+R\s*$/.exec(value) : null;
  return match ? { num: Number(match[1]), gen: Number(match[2]) } : undefined;
}

function ref(at: Ref): string {
  return `${at.num} ${at.gen} R`;
}

function xrefSubsections(offsets: Map<number, { offset: number; gen: number }>): string {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let text = '';
  for (let i = 0; i < nums.length;) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    text += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const { offset, gen } = offsets.get(nums[k])!;
      text += `${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  return text;
}

/** A literal string: ASCII expected (see pdfText); backslash and parentheses escaped. */
function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?')})`;
}

/** `D:YYYYMMDDHHmmSSZ` in UTC. */
function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
