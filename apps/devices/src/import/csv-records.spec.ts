import fc from 'fast-check';
import { windows1252 } from '../../test/windows-1252';
import { CsvFormatError, CsvParser, csvRecords, type CsvRecord } from './csv-records';

function parseAll(text: string, chunkSize = text.length || 1, delimiter: ',' | ';' | 'auto' = 'auto'): CsvRecord[] {
  const parser = new CsvParser({ delimiter });
  const records: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) records.push(...parser.feed(text.slice(i, i + chunkSize)));
  records.push(...parser.end());
  return records;
}

describe('CSV records (RFC 4180, streamed)', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, and numbers lines where records start', () => {
    const text = 'a,b,c\r\n1,"zwei, drei","sagt ""ja"""\r\n"mehr\r\nzeilig",x,y\n\nlast,,\n';
    expect(parseAll(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'zwei, drei', 'sagt "ja"'] },
      { line: 3, fields: ['mehr\r\nzeilig', 'x', 'y'] },
      { line: 6, fields: ['last', '', ''] },
    ]);
  });

  it('takes ";" as the delimiter when the header has semicolons and no commas, and drops a BOM', () => {
    expect(parseAll('\ufefftype;model\nlaptop;"T14, Gen 5"')).toEqual([
      { line: 1, fields: ['type', 'model'] },
      { line: 2, fields: ['laptop', 'T14, Gen 5'] },
    ]);
  });

  it('refuses an unterminated quote and a record longer than the limit', () => {
    expect(() => parseAll('a,b\n1,"offen\n')).toThrow(CsvFormatError);
    const parser = new CsvParser({ maxRecordLength: 20 });
    expect(() => parser.feed(`a,b\n${'x'.repeat(30)}\n`)).toThrow(/länger als 20/);
  });

  it('gives the same records whatever the chunk boundaries, and reads back what a writer wrote', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'ä', ',', '"', '\n', '\r\n', ' ', 'x', '🙂'), maxLength: 8 });
    const row = fc.array(field, { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 7 }), (rows, chunkSize) => {
        const width = rows[0].length;
        const table = [
          Array.from({ length: width }, (_, i) => `h${i}`),
          ...rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? '')),
        ];
        const text = table.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
        const parsed = parseAll(text, chunkSize, ',');
        expect(parsed.map((record) => record.fields)).toEqual(table);
        expect(parseAll(text, chunkSize, ',')).toEqual(parseAll(text, text.length, ','));
      }),
    );
  });

  it('decodes UTF-8 split across byte chunks', async () => {
    const bytes = Buffer.from('type,model\nlaptop,Gerät für Jürgen\n', 'utf8');
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const records: CsvRecord[] = [];
    for await (const record of csvRecords(oneByteAtATime())) records.push(record);
    expect(records[1].fields).toEqual(['laptop', 'Gerät für Jürgen']);
  });

  it('reads a Windows-1252 file whose first non-UTF-8 byte comes late as if all of it were Windows-1252', async () => {
    // 3,000 ASCII rows (several chunks, already handed on) before the first umlaut.
    const lines = [
      'type;model;serial',
      ...Array.from({ length: 3_000 }, (_, n) => `laptop;ThinkPad T14;LATE-${n}`),
      'laptop;Gerät für Müller – 5 €;„Grüße“',
    ];
    const bytes = windows1252(lines.join('\r\n'));
    async function* inChunksOf1024() {
      for (let i = 0; i < bytes.length; i += 1024) yield bytes.subarray(i, i + 1024);
    }
    const records: CsvRecord[] = [];
    for await (const record of csvRecords(inChunksOf1024(), { delimiter: 'auto' })) records.push(record);
    expect(records.map((record) => record.fields.join(';'))).toEqual(lines);
  });

  it('takes a BOM for UTF-8', async () => {
    async function* withBom() {
      yield Buffer.from('\ufefftype;model\nlaptop;Gerät für Jürgen\n', 'utf8');
    }
    const records: CsvRecord[] = [];
    for await (const record of csvRecords(withBom(), { delimiter: 'auto' })) records.push(record);
    expect(records.map((record) => record.fields)).toEqual([
      ['type', 'model'],
      ['laptop', 'Gerät für Jürgen'],
    ]);
  });
});

/** Every field quoted: the writer's side of RFC 4180. */
function quote(field: string): string {
  return `"${field.replace(/"/g, '""')}"`;
}
