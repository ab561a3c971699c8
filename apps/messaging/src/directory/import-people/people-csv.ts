/** One data row of a people CSV and the line it starts on (the header is line 1). */
export interface PeopleCsvRow {
  line: number;
  name: string;
  email: string;
  roles: string[];
}

export type PeopleCsv = { ok: true; rows: PeopleCsvRow[] } | { ok: false; reason: 'empty' | 'header' | 'format'; line?: number };

const HEADER = ['name', 'email', 'roles'];

/**
 * `name,email,roles` (or `;` as German spreadsheets write it): RFC 4180 quoting, CRLF or LF, a
 * BOM, blank lines skipped. Roles within their field are separated by spaces, `|` or — with `,`
 * as delimiter — `;` (e.g. `"clerk staff"`). A people list is small: the whole text at once.
 */
export function parsePeopleCsv(text: string): PeopleCsv {
  const records = parseRecords(text.replace(/^\uFEFF/, ''));
  if (records === undefined) return { ok: false, reason: 'format' };
  if ('error' in records) return { ok: false, reason: 'format', line: records.error };
  if (records.length === 0) return { ok: false, reason: 'empty' };
  const [header, ...rows] = records;
  if (header.fields.map((field) => field.trim().toLowerCase()).join() !== HEADER.join()) return { ok: false, reason: 'header', line: 1 };
  return {
    ok: true,
    rows: rows.map(({ line, fields }) => ({
      line,
      name: (fields[0] ?? '').trim(),
      email: (fields[1] ?? '').trim(),
      roles: (fields[2] ?? '')
        .split(/[\s|;,]+/)
        .map((role) => role.trim().toLowerCase())
        .filter((role) => role.length > 0),
    })),
  };
}

function parseRecords(text: string): Array<{ line: number; fields: string[] }> | { error: number } | undefined {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0].trim() !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) return { error: recordLine };
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
