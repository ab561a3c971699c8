import { CsvTextDecoder } from './csv-text-decoder';

/** One CSV record and the line (1-based) it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The file is not CSV at this line (an unterminated quote, a record too long to be a device). */
export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export interface CsvOptions {
  /** `auto`: `;` when the first line has semicolons and no commas (German spreadsheets), else `,`. */
  delimiter?: ',' | ';' | 'auto';
  /** Characters per record at most, so one endless quoted field cannot fill the memory. */
  maxRecordLength?: number;
}

/**
 * An RFC 4180 parser fed chunk by chunk: quoted fields with doubled quotes, delimiters and line
 * breaks inside quotes, CRLF / LF / CR line ends, a leading BOM; blank lines are skipped. It keeps
 * only the record being read, so memory does not grow with the file.
 */
export class CsvParser {
  private delimiter: string | undefined;
  private readonly maxRecordLength: number;
  private field = '';
  private fields: string[] = [];
  private recordLength = 0;
  private quoted = false;
  private quoteSeen = false; // a quote inside a quoted field: the end of it, or the first of a doubled one
  private fieldWasQuoted = false;
  private skipLf = false;
  private crInQuotes = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private pending = ''; // `auto`: text held back until the first line shows the delimiter

  constructor(options: CsvOptions = {}) {
    this.delimiter = options.delimiter === 'auto' || options.delimiter === undefined ? undefined : options.delimiter;
    this.maxRecordLength = options.maxRecordLength ?? 10_000;
  }

  feed(text: string): CsvRecord[] {
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.delimiter === undefined) {
      this.pending += text;
      const end = this.pending.search(/[\r\n]/);
      if (end < 0 && this.pending.length < this.maxRecordLength) return [];
      const firstLine = end < 0 ? this.pending : this.pending.slice(0, end);
      this.delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
      text = this.pending;
      this.pending = '';
    }
    const records: CsvRecord[] = [];
    for (let i = 0; i < text.length;) {
      const run = this.quoted || this.skipLf ? 0 : this.plainRun(text, i);
      if (run > 0) {
        // Ordinary characters outside quotes: one slice instead of one step per character.
        this.recordLength += run;
        if (this.recordLength > this.maxRecordLength)
          throw new CsvFormatError(this.recordLine, `Die Zeile ist länger als ${this.maxRecordLength} Zeichen.`);
        this.field += text.slice(i, i + run);
        i += run;
      } else this.step(text[i++], records);
    }
    return records;
  }

  /** How many characters from `start` are neither the delimiter, a quote nor a line end. */
  private plainRun(text: string, start: number): number {
    const delimiter = this.delimiter!.charCodeAt(0);
    let end = start;
    for (; end < text.length; end++) {
      const code = text.charCodeAt(end);
      if (code === delimiter || code === 0x22 || code === 0x0a || code === 0x0d) break;
    }
    return end - start;
  }

  /** The end of the input: the last record, if it had no line break. */
  end(): CsvRecord[] {
    const records: CsvRecord[] = [];
    if (this.pending) {
      const text = this.pending;
      this.pending = '';
      this.delimiter ??= text.includes(';') && !text.includes(',') ? ';' : ',';
      for (let i = 0; i < text.length; i++) this.step(text[i], records);
    }
    if (this.quoted && !this.quoteSeen) throw new CsvFormatError(this.recordLine, 'Ein Anführungszeichen wird nicht geschlossen.');
    this.quoted = false;
    this.quoteSeen = false;
    this.finishRecord(records);
    return records;
  }

  private step(char: string, records: CsvRecord[]): void {
    if (this.skipLf) {
      this.skipLf = false;
      if (char === '\n') return;
    }
    if (++this.recordLength > this.maxRecordLength) {
      throw new CsvFormatError(this.recordLine, `Die Zeile ist länger als ${this.maxRecordLength} Zeichen.`);
    }
    if (this.quoted) {
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (char === '"') {
          this.field += '"';
          return;
        }
        this.quoted = false; // the closing quote; this character is read as outside quotes
      } else {
        if (char === '"') this.quoteSeen = true;
        else {
          // A line break inside quotes is part of the field; CRLF counts as one line.
          if (char === '\r' || (char === '\n' && !this.crInQuotes)) this.line++;
          this.field += char;
        }
        this.crInQuotes = char === '\r';
        return;
      }
    }
    if (char === this.delimiter) {
      this.fields.push(this.field);
      this.field = '';
      this.fieldWasQuoted = false;
    } else if (char === '\n' || char === '\r') {
      this.line++;
      if (char === '\r') this.skipLf = true;
      this.finishRecord(records);
    } else if (char === '"' && this.field === '' && !this.fieldWasQuoted) {
      this.quoted = true;
      this.fieldWasQuoted = true;
    } else {
      this.field += char;
    }
  }

  private finishRecord(records: CsvRecord[]): void {
    this.fields.push(this.field);
    const blank = this.fields.length === 1 && this.fields[0] === '' && !this.fieldWasQuoted;
    if (!blank) records.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.field = '';
    this.fieldWasQuoted = false;
    this.recordLength = 0;
    this.recordLine = this.line;
  }
}

/**
 * Records from a stream of bytes (UTF-8 or Windows-1252, see {@link CsvTextDecoder}; ask `decoder`
 * which it was) or of text, read as they arrive.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string | Uint8Array>,
  options: CsvOptions = {},
  decoder = new CsvTextDecoder(),
): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(options);
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk);
    // Text held back (a split first sequence) is fed later: the parser looks for a BOM in its first text.
    if (text) yield* parser.feed(text);
  }
  const rest = decoder.end();
  if (rest) yield* parser.feed(rest);
  yield* parser.end();
}
