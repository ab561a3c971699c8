import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { samplePdf, testCa, testCredential } from '../../test/signing-fixtures';
import type { SigningCredential } from '../keys/signing-credential';
import { cmsSignedData } from './cms-signed-data';
import { appendSignaturePlaceholder, BYTE_RANGE_PLACEHOLDER, NotIncrementallySignable, type SignatureFields } from './incremental-update';
import { addPadesSignature, hasSignatures, isPreparedForSigning, prepareForSigning } from './pades-document';
import { inspectSignatures } from './signature-inspection';

const fields: SignatureFields = {
  name: 'Anna Amt',
  reason: 'Zustimmung (Schritt 1)',
  location: 'demo',
  contactInfo: 'anna@demo.example',
  signingTime: new Date('2026-11-27T10:15:30Z'),
  appName: 'amtsweg',
};

async function prepared(document: PDFDocument): Promise<Buffer> {
  return (await prepareForSigning(document)).bytes;
}

function annotsOfFirstPage(pdf: PDFDocument): PDFArray {
  const annots = pdf.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
  return annots;
}

describe('the incremental signature update', () => {
  let anna: SigningCredential;

  beforeAll(async () => {
    anna = await testCredential(await testCa('demo'), { userId: 'user-a', name: 'Anna Amt', email: 'anna@demo.example' });
  }, 30_000);

  it('prepares a document once: classic xref, typed form, no signature yet — and an unprepared upload is not taken for prepared', async () => {
    const upload = await samplePdf(3);
    expect(isPreparedForSigning(upload)).toBe(false);
    const { bytes, sha256 } = await prepareForSigning(await PDFDocument.load(upload));
    expect(isPreparedForSigning(bytes)).toBe(true);
    expect(hasSignatures(bytes)).toBe(false);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(3);
  });

  it('appends to the prepared bytes without changing one of them, and the first signature covers exactly them', async () => {
    const base = await prepared(await PDFDocument.load(await samplePdf(2)));
    const signed = await addPadesSignature(base, anna, { ...fields, signerName: fields.name });
    expect(signed.subarray(0, base.length).equals(base)).toBe(true);
    const [signature] = inspectSignatures(signed);
    expect(signature).toMatchObject({ intact: true, coversWholeDocument: true });
    // The signed range starts with the whole prepared document (up to the signature's /Contents).
    const range = /\/ByteRange \[0 (\d+) (\d+) (\d+)\]/.exec(signed.toString('latin1'))!.slice(1).map(Number);
    expect(range[0]).toBeGreaterThan(base.length);
    expect(range[1] + range[2]).toBe(signed.length);
  });

  it('writes a readable update: a new trailer pointing back, the widget on page 1, the field in the form', async () => {
    const base = await prepared(await PDFDocument.load(await samplePdf(2)));
    const { pdf, byteRangeAt, contentsOpen, contentsClose } = appendSignaturePlaceholder(base, fields, 100);
    expect(pdf.toString('latin1', byteRangeAt, byteRangeAt + BYTE_RANGE_PLACEHOLDER.length)).toBe(BYTE_RANGE_PLACEHOLDER);
    expect(pdf.toString('latin1', contentsOpen, contentsClose + 1)).toBe(`<${'0'.repeat(200)}>`);
    const previousStartxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(base.toString('latin1'))![1];
    expect(pdf.toString('latin1', base.length)).toContain(`/Prev ${previousStartxref}`);

    const reread = await PDFDocument.load(pdf);
    const form = reread.getForm().getFields();
    expect(form.map((f) => f.getName())).toEqual(['Signature1']);
    expect(annotsOfFirstPage(reread).size()).toBe(1);
    const signature = form[0].acroField.dict.lookup(PDFName.of('V'), PDFDict);
    expect(signature.get(PDFName.of('SubFilter'))).toEqual(PDFName.of('ETSI.CAdES.detached'));
    expect(String(signature.get(PDFName.of('M')))).toBe('(D:20261127101530Z)');
  });

  it("keeps the page's annotations, in a direct array and in an array object of its own", async () => {
    for (const indirect of [false, true]) {
      const document = await PDFDocument.load(await samplePdf(1));
      const link = document.context.register(document.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [10, 10, 50, 50] }));
      const annots = document.context.obj([link]);
      document.getPage(0).node.set(PDFName.of('Annots'), indirect ? document.context.register(annots) : annots);
      const signed = await addPadesSignature(await prepared(document), anna, { ...fields, signerName: fields.name });
      const reread = await PDFDocument.load(signed);
      const kept = annotsOfFirstPage(reread);
      expect({ indirect, size: kept.size() }).toEqual({ indirect, size: 2 });
      expect(kept.get(0)).toEqual(link);
      expect(reread.getPage(0).node.get(PDFName.of('Annots')) instanceof PDFRef).toBe(indirect);
      expect(inspectSignatures(signed)[0].intact).toBe(true);
    }
  });

  it('numbers fields after the existing ones and keeps them, signature after signature', async () => {
    const form = await PDFDocument.create();
    form.addPage();
    form.getForm().createTextField('aktenzeichen').addToPage(form.getPage(0), { x: 50, y: 600 });
    let pdf = await prepared(form);
    for (let i = 0; i < 3; i++) pdf = await addPadesSignature(pdf, anna, { ...fields, signerName: fields.name });
    const names = (await PDFDocument.load(pdf))
      .getForm()
      .getFields()
      .map((f) => f.getName());
    expect(names).toEqual(['aktenzeichen', 'Signature2', 'Signature3', 'Signature4']);
    expect(inspectSignatures(pdf).map((s) => [s.intact, s.coversWholeDocument])).toEqual([
      [true, false],
      [true, false],
      [true, true],
    ]);
  });

  it('continues documents signed before this update existed (placeholder-plain updates, whose startxref points one byte early)', async () => {
    class CmsSigner extends Signer {
      override async sign(content: Buffer): Promise<Buffer> {
        return cmsSignedData(content, anna);
      }
    }
    let pdf = await prepared(await PDFDocument.load(await samplePdf(2)));
    for (let i = 0; i < 2; i++) {
      const withPlaceholder = plainAddPlaceholder({
        pdfBuffer: pdf,
        reason: 'r',
        contactInfo: 'c',
        name: 'n',
        location: 'l',
        signatureLength: 8192,
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      });
      pdf = await new SignPdf().sign(withPlaceholder, new CmsSigner());
    }
    // The lean update takes it (no fallback) …
    expect(() => appendSignaturePlaceholder(pdf, fields, 100)).not.toThrow();
    pdf = await addPadesSignature(pdf, anna, { ...fields, signerName: fields.name });
    // … and every signature stays intact, the new one over the whole file.
    expect(inspectSignatures(pdf).map((s) => [s.intact, s.coversWholeDocument])).toEqual([
      [true, false],
      [true, false],
      [true, true],
    ]);
    expect(
      (await PDFDocument.load(pdf))
        .getForm()
        .getFields()
        .map((f) => f.getName()),
    ).toEqual(['Signature1', 'Signature2', 'Signature3']);
  });

  it('refuses what it cannot update in place (a cross-reference stream): the caller falls back', async () => {
    const upload = await samplePdf(1);
    expect(() => appendSignaturePlaceholder(upload, fields, 100)).toThrow(NotIncrementallySignable);
  });
});
