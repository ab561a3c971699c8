/**
 * PDF object syntax (ISO 32000-1, 7.3) read from untrusted bytes, for verification: every value
 * parsed into a plain structure that two revisions of an object can be compared by, and every
 * dictionary entry's byte span kept (a signature's `/Contents` must be exactly its unsigned gap).
 * Anything malformed throws `PdfSyntaxError`; callers treat that as "cannot tell", never as fine.
 */

export class PdfSyntaxError extends Error {}

export interface PdfName {
  kind: 'name';
  name: string;
}
export interface PdfRef {
  kind: 'ref';
  num: number;
  gen: number;
}
export interface PdfString {
  kind: 'string';
  /** The string's bytes as latin1 (hex strings decoded). */
  bytes: string;
}
export interface PdfDict {
  kind: 'dict';
  entries: Map<string, PdfValue>;
  /** Byte span [start, end) of each entry's value in the file. */
  spans: Map<string, [number, number]>;
}
export interface PdfStream {
  kind: 'stream';
  dict: PdfDict;
  /** The raw (still encoded) stream data. */
  data: Buffer;
}
export type PdfValue = null | boolean | number | PdfName | PdfRef | PdfString | PdfValue[] | PdfDict | PdfStream;

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** Offset of the `num gen obj` header and just past `endobj`. */
  start: number;
  end: number;
}

const MAX_DEPTH = 64;

function isWhite(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0x00;
}

function isDelimiter(code: number): boolean {
  // ( ) < > [ ] { } / %
  return (
    code === 0x28 ||
    code === 0x29 ||
    code === 0x3c ||
    code === 0x3e ||
    code === 0x5b ||
    code === 0x5d ||
    code === 0x7b ||
    code === 0x7d ||
    code === 0x2f ||
    code === 0x25
  );
}

/** Reads values from `pdf` (its latin1 text alongside, for regular expressions) starting at any offset. */
export class PdfReader {
  constructor(
    readonly pdf: Buffer,
    readonly text: string = pdf.toString('latin1'),
  ) {}

  /** Objects by offset: the object tables of all revisions share most of them. */
  private readonly objects = new Map<number, IndirectObject>();

  /** The indirect object whose header starts at `offset` (after optional white space). */
  indirectObject(offset: number): IndirectObject {
    const cached = this.objects.get(offset);
    if (cached) return cached;
    const object = this.parseIndirectObject(offset);
    this.objects.set(offset, object);
    return object;
  }

  private parseIndirectObject(offset: number): IndirectObject {
    const header = /\s*(\d+)\s+(\d+)\s+obj\b/y;
    header.lastIndex = offset;
    const match = header.exec(this.text);
    if (!match) throw new PdfSyntaxError(`No object at offset ${offset}.`);
    const start = offset + match[0].length - match[0].trimStart().length;
    let [value, at] = this.value(header.lastIndex, 0);
    at = this.skipWhite(at);
    if (value && typeof value === 'object' && !Array.isArray(value) && value.kind === 'dict' && this.text.startsWith('stream', at)) {
      [value, at] = this.stream(value, at + 'stream'.length);
      at = this.skipWhite(at);
    }
    if (!this.text.startsWith('endobj', at)) throw new PdfSyntaxError(`Object at offset ${offset} has no endobj.`);
    return { num: Number(match[1]), gen: Number(match[2]), value, start, end: at + 'endobj'.length };
  }

  /** One value at `offset`; returns it and the offset just past it. */
  value(offset: number, depth: number): [PdfValue, number] {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('Nested too deeply.');
    const at = this.skipWhite(offset);
    const c = this.text[at];
    if (c === undefined) throw new PdfSyntaxError('Unexpected end of file.');
    if (this.text.startsWith('<<', at)) return this.dict(at + 2, depth);
    if (c === '<') return this.hexString(at + 1);
    if (c === '(') return this.literalString(at + 1);
    if (c === '[') return this.array(at + 1, depth);
    if (c === '/') {
      const end = this.tokenEnd(at + 1);
      return [{ kind: 'name', name: this.text.slice(at + 1, end) }, end];
    }
    const ref = /(\d+)\s+(\d+)\s+R(?![^\s()<>[\]{}/%])/y;
    ref.lastIndex = at;
    const refMatch = ref.exec(this.text);
    if (refMatch) return [{ kind: 'ref', num: Number(refMatch[1]), gen: Number(refMatch[2]) }, ref.lastIndex];
    const end = this.tokenEnd(at);
    const token = this.text.slice(at, end);
    if (token === 'true' || token === 'false') return [token === 'true', end];
    if (token === 'null') return [null, end];
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) return [Number(token), end];
    throw new PdfSyntaxError(`Unexpected token ${JSON.stringify(token.slice(0, 20))} at ${at}.`);
  }

  private dict(offset: number, depth: number): [PdfDict, number] {
    const dict: PdfDict = { kind: 'dict', entries: new Map(), spans: new Map() };
    let at = offset;
    for (;;) {
      at = this.skipWhite(at);
      if (this.text.startsWith('>>', at)) return [dict, at + 2];
      if (this.text[at] !== '/') throw new PdfSyntaxError(`Dictionary key expected at ${at}.`);
      const keyEnd = this.tokenEnd(at + 1);
      const key = this.text.slice(at + 1, keyEnd);
      const valueStart = this.skipWhite(keyEnd);
      const [value, valueEnd] = this.value(valueStart, depth + 1);
      // A repeated key: the last one is what most readers use; keep that.
      dict.entries.set(key, value);
      dict.spans.set(key, [valueStart, valueEnd]);
      at = valueEnd;
    }
  }

  private array(offset: number, depth: number): [PdfValue[], number] {
    const items: PdfValue[] = [];
    let at = offset;
    for (;;) {
      at = this.skipWhite(at);
      if (this.text[at] === ']') return [items, at + 1];
      const [item, end] = this.value(at, depth + 1);
      items.push(item);
      at = end;
    }
  }

  private hexString(offset: number): [PdfString, number] {
    const end = this.text.indexOf('>', offset);
    if (end < 0) throw new PdfSyntaxError('Unterminated hex string.');
    const digits = this.text.slice(offset, end).replace(/\s+/g, '');
    if (!/^[0-9A-Fa-f]*$/.test(digits)) throw new PdfSyntaxError('Malformed hex string.');
    return [{ kind: 'string', bytes: Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex').toString('latin1') }, end + 1];
  }

  private literalString(offset: number): [PdfString, number] {
    let depth = 1;
    let bytes = '';
    for (let i = offset; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') {
        // Escapes are kept as written: comparing two revisions needs equality, not the decoded text.
        bytes += c + (this.text[i + 1] ?? '');
        i++;
      } else if (c === '(') {
        depth++;
        bytes += c;
      } else if (c === ')') {
        if (--depth === 0) return [{ kind: 'string', bytes }, i + 1];
        bytes += c;
      } else bytes += c;
    }
    throw new PdfSyntaxError('Unterminated string.');
  }

  private stream(dict: PdfDict, afterKeyword: number): [PdfStream, number] {
    let at = afterKeyword;
    if (this.text[at] === '\r') at++;
    if (this.text[at] === '\n') at++;
    const length = dict.entries.get('Length');
    if (typeof length === 'number' && Number.isSafeInteger(length) && length >= 0 && at + length <= this.pdf.length) {
      const after = this.skipWhite(at + length);
      if (this.text.startsWith('endstream', after))
        return [{ kind: 'stream', dict, data: this.pdf.subarray(at, at + length) }, after + 'endstream'.length];
    }
    // An indirect or wrong /Length: the data runs to the keyword, as lenient readers take it.
    const end = this.text.indexOf('endstream', at);
    if (end < 0) throw new PdfSyntaxError('Unterminated stream.');
    let dataEnd = end;
    if (this.text[dataEnd - 1] === '\n') dataEnd--;
    if (this.text[dataEnd - 1] === '\r') dataEnd--;
    return [{ kind: 'stream', dict, data: this.pdf.subarray(at, dataEnd) }, end + 'endstream'.length];
  }

  skipWhite(offset: number): number {
    let at = offset;
    for (;;) {
      while (at < this.text.length && isWhite(this.text.charCodeAt(at))) at++;
      if (this.text[at] !== '%') return at;
      while (at < this.text.length && this.text[at] !== '\n' && this.text[at] !== '\r') at++;
    }
  }

  private tokenEnd(offset: number): number {
    let at = offset;
    while (at < this.text.length && !isWhite(this.text.charCodeAt(at)) && !isDelimiter(this.text.charCodeAt(at))) at++;
    return at;
  }
}

export function isDict(value: PdfValue | undefined): value is PdfDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'dict';
}

export function isRef(value: PdfValue | undefined): value is PdfRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'ref';
}

export function nameOf(value: PdfValue | undefined): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'name' ? value.name : undefined;
}

/** A dictionary, or a stream's dictionary. */
export function dictOf(value: PdfValue | undefined): PdfDict | undefined {
  if (isDict(value)) return value;
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'stream' ? value.dict : undefined;
}

/** Structural equality: what a reader would see the same, whatever the spacing. */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'name':
      return a.name === (b as PdfName).name;
    case 'ref':
      return a.num === (b as PdfRef).num && a.gen === (b as PdfRef).gen;
    case 'string':
      return a.bytes === (b as PdfString).bytes;
    case 'dict':
      return sameDict(a, b as PdfDict);
    case 'stream':
      return sameDict(a.dict, (b as PdfStream).dict) && a.data.equals((b as PdfStream).data);
  }
}

function sameDict(a: PdfDict, b: PdfDict): boolean {
  if (a.entries.size !== b.entries.size) return false;
  for (const [key, value] of a.entries) if (!b.entries.has(key) || !sameValue(value, b.entries.get(key))) return false;
  return true;
}

/** Every reference inside a value (not following them). */
export function refsIn(value: PdfValue | undefined, into: PdfRef[] = []): PdfRef[] {
  if (value === null || value === undefined || typeof value !== 'object') return into;
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, into);
    return into;
  }
  if (value.kind === 'ref') into.push(value);
  else if (value.kind === 'dict') for (const item of value.entries.values()) refsIn(item, into);
  else if (value.kind === 'stream') refsIn(value.dict, into);
  return into;
}
