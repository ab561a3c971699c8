import fc from 'fast-check';
import { parsePeopleCsv } from './people-csv';

/** A field as a spreadsheet writes it: quoted when it holds a delimiter, a quote or a line break. */
function csvField(value: string): string {
  return /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

describe('the people CSV', () => {
  it('reads every row a spreadsheet can write back, quotes, delimiters and line breaks included', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'ä', ' ', ',', ';', '"', '\n', 'x'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.record({ name: text, email: text }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, newline) => {
        const roles = 'clerk staff';
        const csv = ['name,email,roles', ...rows.map((row) => [row.name, row.email, roles].map(csvField).join(','))].join(newline);
        const parsed = parsePeopleCsv(csv);
        if (!parsed.ok) return false;
        // Blank rows are skipped, every other one comes back as written (trimmed) with its own line.
        expect(parsed.rows.map(({ name, email }) => ({ name, email }))).toEqual(
          rows.map((row) => ({ name: row.name.trim(), email: row.email.trim() })),
        );
        expect(parsed.rows.every((row) => row.roles.join() === 'clerk,staff')).toBe(true);
        return true;
      }),
    );
  });

  it('takes German spreadsheets (semicolons, a BOM) and roles separated by spaces, | or ;', () => {
    const parsed = parsePeopleCsv('\uFEFFName;E-Mail;Rollen\n');
    expect(parsed).toEqual({ ok: false, reason: 'header', line: 1 });
    expect(parsePeopleCsv('\uFEFFname;email;roles\r\nClara;clara@demo.example;clerk|Staff\r\n')).toEqual({
      ok: true,
      rows: [{ line: 2, name: 'Clara', email: 'clara@demo.example', roles: ['clerk', 'staff'] }],
    });
    expect(parsePeopleCsv('name,email,roles\nA,a@b.example,"clerk;staff"\n')).toMatchObject({ rows: [{ roles: ['clerk', 'staff'] }] });
  });

  it('counts lines across quoted line breaks and refuses an unclosed quote', () => {
    const parsed = parsePeopleCsv('name,email,roles\n"Zwei\nZeilen",z@demo.example,staff\n\nB,b@demo.example,staff\n');
    expect(parsed).toMatchObject({ ok: true, rows: [{ line: 2 }, { line: 5 }] });
    expect(parsePeopleCsv('name,email,roles\n"offen,x@demo.example,staff\n')).toEqual({ ok: false, reason: 'format', line: 2 });
    expect(parsePeopleCsv('')).toEqual({ ok: false, reason: 'empty' });
  });
});
