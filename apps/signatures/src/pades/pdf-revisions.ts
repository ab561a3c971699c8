import { inflateSync } from 'node:zlib';
import { dictOf, isDict, isRef, nameOf, PdfReader, PdfSyntaxError, type PdfDict, type PdfValue } from './pdf-syntax';

/**
 * A PDF as the sequence of its revisions (ISO 32000-1, 7.5.6): the original and each incremental
 * update, each ending in `%%EOF`. What a reader shows after revision `n` is the object table that
 * revision's cross-reference section (and those it points back to with `/Prev`) builds: a
 * `RevisionView`. Comparing two consecutive views tells which objects an update changed — also
 * when an update only re-points or frees entries without writing an object (shadow attacks).
 */

/** Where the cross-reference table says an object is. */
export type ObjectLocation = { type: 'offset'; offset: number } | { type: 'free' } | { type: 'compressed'; stream: number; index: number };

/** Cross-reference chains longer than this are not followed (a crafted /Prev loop or a huge chain). */
const MAX_SECTIONS = 1_000;
const MAX_OBJECT_STREAM_OBJECTS = 100_000;
/** A cross-reference or object stream inflating beyond this is a zip bomb, not a PDF structure. */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export interface Revision {
  /** 1-based. */
  number: number;
  start: number;
  /** Just past `%%EOF` (and its end-of-line), or the end of the file for bytes after the last one. */
  end: number;
  /** Offset just past this revision's `%%EOF` keyword (-1 for trailing bytes without one). */
  eofEnd: number;
  view?: RevisionView;
}

export class PdfRevisions {
  readonly reader: PdfReader;
  readonly revisions: Revision[];

  constructor(pdf: Buffer) {
    this.reader = new PdfReader(pdf);
    this.revisions = splitRevisions(this.reader);
  }

  /** The revision a signature covering bytes [0, coveredEnd) signed: the last whose `%%EOF` it includes (0 when none). */
  revisionCoveredUpTo(coveredEnd: number): number {
    let covered = 0;
    for (const revision of this.revisions) if (revision.eofEnd >= 0 && revision.eofEnd <= coveredEnd) covered = revision.number;
    return covered;
  }

  /** The revision whose bytes hold `offset`. */
  revisionAt(offset: number): number {
    return (this.revisions.find((revision) => offset < revision.end) ?? this.revisions[this.revisions.length - 1])?.number ?? 0;
  }

  /** The object table after revision `number`, or undefined when its cross-reference cannot be read. */
  view(number: number): RevisionView | undefined {
    const revision = this.revisions[number - 1];
    if (!revision) return undefined;
    if (revision.view === undefined) {
      const startxref = lastStartxref(this.reader.text, revision.start, revision.end);
      if (startxref === undefined) return undefined;
      try {
        revision.view = new RevisionView(this.reader, startxref);
      } catch (error) {
        if (!(error instanceof PdfSyntaxError)) throw error;
        return undefined;
      }
    }
    return revision.view;
  }

  get latest(): RevisionView | undefined {
    return this.view(this.revisions.length);
  }
}

function splitRevisions(reader: PdfReader): Revision[] {
  const { text } = reader;
  const revisions: Revision[] = [];
  let start = 0;
  for (let at = text.indexOf('%%EOF'); at >= 0; at = text.indexOf('%%EOF', at + 5)) {
    let end = at + 5;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    revisions.push({ number: revisions.length + 1, start, end, eofEnd: at + 5 });
    start = end;
  }
  // Bytes after the last %%EOF that are more than white space: an update a lenient reader may still use.
  if (reader.skipWhite(start) < text.length) revisions.push({ number: revisions.length + 1, start, end: text.length, eofEnd: -1 });
  return revisions;
}

function lastStartxref(text: string, start: number, end: number): number | undefined {
  const at = text.lastIndexOf('startxref', end);
  if (at < start) return undefined;
  const match = /^startxref\s+(\d+)/.exec(text.slice(at, at + 40));
  return match ? Number(match[1]) : undefined;
}

/** The object table one cross-reference section and its `/Prev` chain build; newest entry wins. */
export class RevisionView {
  readonly entries = new Map<number, ObjectLocation>();
  readonly trailer: PdfDict;
  private readonly resolved = new Map<number, PdfValue | undefined>();
  private readonly objectStreams = new Map<number, Map<number, PdfValue>>();

  constructor(
    private readonly reader: PdfReader,
    startxref: number,
  ) {
    let trailer: PdfDict | undefined;
    const seen = new Set<number>();
    for (let at: number | undefined = startxref; at !== undefined;) {
      if (seen.has(at) || seen.size >= MAX_SECTIONS) throw new PdfSyntaxError('The cross-reference chain loops or is too long.');
      seen.add(at);
      const section = this.section(at);
      trailer ??= section.trailer;
      const prev = section.trailer.entries.get('Prev');
      at = typeof prev === 'number' ? prev : undefined;
      // A hybrid file's table names its cross-reference stream too.
      const stream = section.trailer.entries.get('XRefStm');
      if (typeof stream === 'number' && !seen.has(stream)) this.section(stream);
    }
    this.trailer = trailer!;
  }

  /** The object `num` as this revision shows it; undefined when free, missing or unreadable. */
  object(num: number): PdfValue | undefined {
    if (this.resolved.has(num)) return this.resolved.get(num);
    this.resolved.set(num, undefined); // guards against reference loops while resolving
    const location = this.entries.get(num);
    let value: PdfValue | undefined;
    try {
      if (location?.type === 'offset') {
        const object = this.reader.indirectObject(location.offset);
        value = object.num === num ? object.value : undefined;
      } else if (location?.type === 'compressed') value = this.objectStream(location.stream).get(num);
    } catch (error) {
      if (!(error instanceof PdfSyntaxError)) throw error;
    }
    this.resolved.set(num, value);
    return value;
  }

  /** A value with one level of reference followed. */
  deref(value: PdfValue | undefined): PdfValue | undefined {
    return isRef(value) ? this.object(value.num) : value;
  }

  private section(offset: number): { trailer: PdfDict } {
    const at = this.reader.skipWhite(offset);
    return this.reader.text.startsWith('xref', at) ? this.table(at + 4) : this.xrefStream(offset);
  }

  private table(offset: number): { trailer: PdfDict } {
    const text = this.reader.text;
    const subsection = /\s*(\d+)\s+(\d+)\s/y;
    const entry = /\s*(\d{10})\s(\d{5})\s([nf])/y;
    let at = offset;
    for (;;) {
      subsection.lastIndex = at;
      const head = subsection.exec(text);
      if (!head) break;
      at = subsection.lastIndex;
      const [first, count] = [Number(head[1]), Number(head[2])];
      for (let i = 0; i < count; i++) {
        entry.lastIndex = at;
        const row = entry.exec(text);
        if (!row) throw new PdfSyntaxError('Malformed cross-reference entry.');
        at = entry.lastIndex;
        if (!this.entries.has(first + i))
          this.entries.set(first + i, row[3] === 'n' ? { type: 'offset', offset: Number(row[1]) } : { type: 'free' });
      }
    }
    at = this.reader.skipWhite(at);
    if (!text.startsWith('trailer', at)) throw new PdfSyntaxError('No trailer after the cross-reference table.');
    const [trailer] = this.reader.value(at + 'trailer'.length, 0);
    if (!isDict(trailer)) throw new PdfSyntaxError('The trailer is no dictionary.');
    return { trailer };
  }

  private xrefStream(offset: number): { trailer: PdfDict } {
    const object = this.reader.indirectObject(offset).value;
    const dict = dictOf(object);
    if (
      !dict ||
      nameOf(dict.entries.get('Type')) !== 'XRef' ||
      typeof object !== 'object' ||
      object === null ||
      Array.isArray(object) ||
      object.kind !== 'stream'
    ) {
      throw new PdfSyntaxError('No cross-reference section at startxref.');
    }
    const data = decodeStream(dict, object.data);
    const widths = numbers(dict.entries.get('W'));
    const size = dict.entries.get('Size');
    if (widths.length !== 3 || typeof size !== 'number') throw new PdfSyntaxError('Malformed cross-reference stream.');
    const index = numbers(dict.entries.get('Index') ?? [0, size]);
    const rowLength = widths[0] + widths[1] + widths[2];
    let row = 0;
    for (let i = 0; i + 1 < index.length; i += 2) {
      for (let num = index[i]; num < index[i] + index[i + 1]; num++, row++) {
        if ((row + 1) * rowLength > data.length) throw new PdfSyntaxError('The cross-reference stream is shorter than its index.');
        const field = (n: number, fallback: number) => {
          if (widths[n] === 0) return fallback;
          let value = 0;
          const from = row * rowLength + widths.slice(0, n).reduce((a, b) => a + b, 0);
          for (let k = 0; k < widths[n]; k++) value = value * 256 + data[from + k];
          return value;
        };
        const type = field(0, 1);
        if (this.entries.has(num)) continue;
        if (type === 0) this.entries.set(num, { type: 'free' });
        else if (type === 1) this.entries.set(num, { type: 'offset', offset: field(1, 0) });
        else if (type === 2) this.entries.set(num, { type: 'compressed', stream: field(1, 0), index: field(2, 0) });
      }
    }
    return { trailer: dict };
  }

  private objectStream(num: number): Map<number, PdfValue> {
    const cached = this.objectStreams.get(num);
    if (cached) return cached;
    const objects = new Map<number, PdfValue>();
    this.objectStreams.set(num, objects);
    const location = this.entries.get(num);
    if (location?.type !== 'offset') return objects;
    const stream = this.reader.indirectObject(location.offset).value;
    if (typeof stream !== 'object' || stream === null || Array.isArray(stream) || stream.kind !== 'stream') return objects;
    const [count, first] = [stream.dict.entries.get('N'), stream.dict.entries.get('First')];
    if (typeof count !== 'number' || typeof first !== 'number' || count > MAX_OBJECT_STREAM_OBJECTS) return objects;
    const inner = new PdfReader(decodeStream(stream.dict, stream.data));
    const header = inner.text.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i + 1 < header.length && i < count * 2; i += 2) {
      objects.set(header[i], inner.value(first + header[i + 1], 0)[0]);
    }
    return objects;
  }
}

function numbers(value: PdfValue | undefined): number[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isSafeInteger(item) && item >= 0))
    throw new PdfSyntaxError('Expected an array of numbers.');
  return value as number[];
}

/** Flate with or without the PNG predictors cross-reference streams use; no other filter is read. */
function decodeStream(dict: PdfDict, data: Buffer): Buffer {
  const filter = dict.entries.get('Filter');
  const filters = Array.isArray(filter) ? filter.map(nameOf) : filter === undefined ? [] : [nameOf(filter)];
  if (filters.length === 0) return data;
  if (filters.length !== 1 || filters[0] !== 'FlateDecode') throw new PdfSyntaxError('Unsupported stream filter.');
  let decoded: Buffer;
  try {
    decoded = inflateSync(data, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    throw new PdfSyntaxError('Undecodable stream.');
  }
  const params = dictOf(dict.entries.get('DecodeParms'));
  const predictor = params?.entries.get('Predictor');
  if (typeof predictor !== 'number' || predictor < 10) return decoded;
  const columns = params?.entries.get('Columns');
  return unpredictPng(decoded, typeof columns === 'number' ? columns : 1);
}

function unpredictPng(data: Buffer, columns: number): Buffer {
  const rows = Math.floor(data.length / (columns + 1));
  const out = Buffer.alloc(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (columns + 1)];
    for (let c = 0; c < columns; c++) {
      const raw = data[r * (columns + 1) + 1 + c];
      const left = c > 0 ? out[r * columns + c - 1] : 0;
      const up = r > 0 ? out[(r - 1) * columns + c] : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1] : 0;
      let value: number;
      if (type === 0) value = raw;
      else if (type === 1) value = raw + left;
      else if (type === 2) value = raw + up;
      else if (type === 3) value = raw + Math.floor((left + up) / 2);
      else if (type === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw new PdfSyntaxError('Unknown PNG predictor.');
      out[r * columns + c] = value & 0xff;
    }
  }
  return out;
}
