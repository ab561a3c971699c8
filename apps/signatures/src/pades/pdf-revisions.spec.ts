import { deflateSync } from 'node:zlib';
import { samplePdf } from '../../test/signing-fixtures';
import { PdfRevisions } from './pdf-revisions';
import { dictOf, isRef, nameOf } from './pdf-syntax';

describe('the revisions of a PDF and the object table after each', () => {
  it('reads a cross-reference stream and objects inside object streams (pdf-lib’s default save)', async () => {
    const document = new PdfRevisions(await samplePdf(2));
    expect(document.revisions).toHaveLength(1);
    const view = document.latest!;
    const root = view.trailer.entries.get('Root');
    expect(isRef(root) && view.entries.get(root.num)?.type).toBe('compressed');
    const catalog = dictOf(view.deref(root));
    expect(nameOf(catalog?.entries.get('Type'))).toBe('Catalog');
    expect(dictOf(view.deref(catalog?.entries.get('Pages')))?.entries.get('Count')).toBe(2);
  });

  it('undoes the PNG "up" predictor of a cross-reference stream', () => {
    const head = '%PDF-1.7\n';
    const catalog = '1 0 obj\n<< /Type /Catalog >>\nendobj\n';
    const xrefAt = head.length + catalog.length;
    // W [1 2 1]: type, offset, generation; each row predicted from the row above (PNG "up", type 2).
    const rows = [
      [0, 0, 0, 0xff],
      [1, 0, head.length, 0],
      [1, 0, xrefAt, 0],
    ];
    const predicted = rows.flatMap((row, r) => [2, ...row.map((byte, c) => (byte - (r > 0 ? rows[r - 1][c] : 0) + 256) % 256)]);
    const data = deflateSync(Buffer.from(predicted));
    const xref = `2 0 obj\n<< /Type /XRef /Size 3 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Columns 4 /Predictor 12 >> /Length ${data.length} >>\nstream\n`;
    const pdf = Buffer.concat([
      Buffer.from(head + catalog + xref, 'latin1'),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
    ]);
    const view = new PdfRevisions(pdf).latest!;
    expect(view.entries.get(1)).toEqual({ type: 'offset', offset: head.length });
    expect(view.entries.get(0)).toEqual({ type: 'free' });
    expect(nameOf(dictOf(view.object(1))?.entries.get('Type'))).toBe('Catalog');
  });

  it('does not follow a /Prev chain that loops, and counts bytes after the last %%EOF as a revision', () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R /Prev 44 >>\nstartxref\n44\n%%EOF\n2 0 obj\n<< >>\nendobj\n',
      'latin1',
    );
    const document = new PdfRevisions(pdf);
    expect(document.revisions.map((r) => r.number)).toEqual([1, 2]);
    expect(document.view(1)).toBeUndefined();
    expect(document.revisionCoveredUpTo(pdf.indexOf('%%EOF') + 6)).toBe(1);
  });
});
