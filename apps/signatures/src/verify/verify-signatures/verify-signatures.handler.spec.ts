import { X509Certificate } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFArray, PDFDocument, PDFName, PDFRef, PDFString, StandardFonts } from 'pdf-lib';
import {
  appendRevision,
  docTimeStampUpdate,
  byteRange,
  forgedSignatureUpdate,
  lastTrailer,
  objectsOf,
  overwrite,
  RED_RECTANGLE,
  stream,
} from '../../../test/crafted-pdfs';
import { samplePdf, testCa, testCredential, type TestCa } from '../../../test/signing-fixtures';
import type { SigningCredential } from '../../keys/signing-credential';
import type { SigningKeys } from '../../keys/signing-keys';
import { addPadesSignature, embedSignature, prepareForSigning } from '../../pades/pades-document';
import { VerifySignaturesHandler } from './verify-signatures.handler';
import { PdfWorkOnThisThread } from '../../pdf-work/pdf-work-on-this-thread';

/**
 * The attack classes of the PDF-signature research (incremental saving, signature wrapping,
 * universal signature forgery) and the shadow attacks (hide, replace, hide-and-replace), each
 * crafted here byte by byte on a document signed the service's own way. Every one must come back
 * not intact; a document signed by two people in turn must come back intact.
 */
describe('verifying a signed PDF that was changed afterwards', () => {
  let ca: TestCa;
  let anna: SigningCredential;
  let bert: SigningCredential;
  let handler: VerifySignaturesHandler;
  let signed: Buffer;
  const details = { reason: 'Zustimmung', location: 'demo', contactInfo: 'x', signingTime: new Date('2026-11-27T10:15:30.000Z') };
  const sign = (pdf: Buffer, who = anna) => addPadesSignature(pdf, who, { ...details, signerName: who === anna ? 'Anna Amt' : 'Bert' });
  const verify = (pdf: Buffer) => handler.execute('demo', pdf);
  const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

  beforeAll(async () => {
    ca = await testCa('demo', new Date('2026-11-01T00:00:00Z'));
    [anna, bert] = await Promise.all([
      testCredential(ca, { userId: 'user-a', name: 'Anna Amt', email: 'anna@demo.example' }, new Date('2026-11-01T00:00:00Z')),
      testCredential(ca, { userId: 'user-b', name: 'Bert', email: 'bert@demo.example' }, new Date('2026-11-01T00:00:00Z')),
    ]);
    handler = new VerifySignaturesHandler(
      { caCertificates: async () => [{ certificateDer: new X509Certificate(ca.pem).raw }] } as unknown as SigningKeys,
      new PdfWorkOnThisThread(),
    );
    signed = await sign(await samplePdf(2));
  }, 60_000);

  describe('what is intact', () => {
    it('a document signed once, unchanged', async () => {
      const report = await verify(signed);
      expect(report).toMatchObject({ intact: true, unsignedChanges: [] });
      expect(report.signatures).toEqual([expect.objectContaining({ intact: true, problems: [] })]);
    });

    it('a document signed by two people in turn (the second in its own update)', async () => {
      const report = await verify(await sign(signed, bert));
      expect(report).toMatchObject({ intact: true, unsignedChanges: [] });
      expect(report.signatures.map((s) => [s.intact, s.problems])).toEqual([
        [true, []],
        [true, []],
      ]);
    });

    it('a document whose page 1 has an indirect /Annots array (with a link), signed by two people in turn', async () => {
      const document = await PDFDocument.load(await samplePdf(2));
      const { context } = document;
      const link = context.register(context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 50, 150, 70], Border: [0, 0, 0] }));
      document.getPage(0).node.set(PDFName.of('Annots'), context.register(context.obj([link])));
      const once = await sign((await prepareForSigning(document)).bytes);
      const report = await verify(await sign(once, bert));
      expect(report).toMatchObject({ intact: true, unsignedChanges: [] });
      expect(report.signatures.map((s) => s.intact)).toEqual([true, true]);
    });

    it('a signed document with a PAdES document timestamp after the signature', async () => {
      const report = await verify(await docTimeStampUpdate(signed, bert, new Date('2026-11-27T11:00:00.000Z')));
      expect(report).toMatchObject({ intact: true, unsignedChanges: [] });
      expect(report.signatures).toEqual([
        expect.objectContaining({ intact: true, problems: [] }),
        expect.objectContaining({
          intact: true,
          subFilter: 'ETSI.RFC3161',
          signedAt: '2026-11-27T11:00:00.000Z',
          digestAlgorithm: 'SHA-256',
          problems: [],
        }),
      ]);
    });

    it("a document whose second signature was added by @signpdf/placeholder-plain's update", async () => {
      const withPlaceholder = plainAddPlaceholder({
        pdfBuffer: signed,
        reason: 'Zustimmung',
        contactInfo: 'x',
        name: 'Bert',
        location: 'demo',
        signingTime: details.signingTime,
        signatureLength: 8192,
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      });
      const byteRangeAt = withPlaceholder.lastIndexOf('/ByteRange [0 /**********');
      const contentsOpen = withPlaceholder.indexOf('/Contents <', byteRangeAt) + '/Contents '.length;
      const twice = embedSignature(
        { pdf: withPlaceholder, byteRangeAt, contentsOpen, contentsClose: withPlaceholder.indexOf('>', contentsOpen) },
        bert,
      );
      const report = await verify(twice);
      expect(report).toMatchObject({ intact: true, unsignedChanges: [] });
      expect(report.signatures.map((s) => s.intact)).toEqual([true, true]);
    });

    it('not a document without any signature', async () => {
      expect(await verify(await samplePdf(1))).toMatchObject({ intact: false, unsignedChanges: [], signatures: [] });
    });
  });

  describe('incremental saving attack', () => {
    it("finds page 1's content replaced by a red rectangle after the signature", async () => {
      const { contentRef } = await objectsOf(signed);
      const attacked = appendRevision(signed, [{ num: contentRef.objectNumber, body: stream(RED_RECTANGLE) }]);
      const report = await verify(attacked);
      expect(report.intact).toBe(false);
      expect(report.unsignedChanges).toEqual([{ revision: 3, kind: 'page-content', page: 1 }]);
      expect(report.signatures[0]).toMatchObject({ intact: true, coversWholeDocument: false });
      expect(codes(report.signatures[0].problems)).toEqual(['CHANGED_AFTER_SIGNING']);
    });

    it('finds an annotation added to page 2', async () => {
      const { document } = await objectsOf(signed);
      const page = document.getPage(1);
      const { size } = lastTrailer(signed);
      page.node.set(PDFName.of('Annots'), document.context.obj([PDFRef.of(size)]));
      const attacked = appendRevision(signed, [
        {
          num: size,
          body: '<< /Type /Annot /Subtype /FreeText /Rect [50 600 400 650] /Contents (Genehmigt) /DA (/Helv 24 Tf 1 0 0 rg) >>',
        },
        { num: page.ref.objectNumber, body: page.node.toString() },
      ]);
      expect(await verify(attacked)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'annotation', page: 2 }] });
    });

    it('finds an empty signature field added with an appearance over page 1 (only a later signature brings its own field)', async () => {
      const { page, pageRef, form, formRef } = await objectsOf(signed);
      const { size } = lastTrailer(signed);
      const [widget, appearance] = [size, size + 1];
      page.set(PDFName.of('Annots'), page.lookup(PDFName.of('Annots'), PDFArray).clone());
      page.lookup(PDFName.of('Annots'), PDFArray).push(PDFRef.of(widget));
      form.lookup(PDFName.of('Fields'), PDFArray).push(PDFRef.of(widget));
      const attacked = appendRevision(signed, [
        {
          num: widget,
          body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Leer) /Rect [0 0 612 792] /F 4 /P ${pageRef.toString()} /AP << /N ${appearance} 0 R >> >>`,
        },
        { num: appearance, body: stream(RED_RECTANGLE, '/Type /XObject /Subtype /Form /BBox [0 0 612 792]') },
        { num: pageRef.objectNumber, body: page.toString() },
        { num: formRef.objectNumber, body: form.toString() },
      ]);
      const report = await verify(attacked);
      expect(report.intact).toBe(false);
      expect(report.unsignedChanges).toEqual(expect.arrayContaining([{ revision: 3, kind: 'annotation', page: 1 }]));
    });

    it("finds a form field's value changed", async () => {
      const document = await PDFDocument.create();
      const font = await document.embedFont(StandardFonts.Helvetica);
      const page = document.addPage();
      page.drawText('Betrag:', { x: 50, y: 700, font });
      document.getForm().createTextField('betrag').setText('100 EUR');
      const withField = await sign((await prepareForSigning(document)).bytes);
      const { document: read } = await objectsOf(withField);
      const field = read.getForm().getTextField('betrag');
      field.acroField.dict.set(PDFName.of('V'), PDFString.of('100000 EUR'));
      const attacked = appendRevision(withField, [{ num: field.ref.objectNumber, body: field.acroField.dict.toString() }]);
      expect(await verify(attacked)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'form-field' }] });
    });

    it('finds an /OpenAction added to the catalog', async () => {
      const { catalog, catalogRef } = await objectsOf(signed);
      catalog.set(PDFName.of('OpenAction'), catalog.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
      const attacked = appendRevision(signed, [{ num: catalogRef.objectNumber, body: catalog.toString() }]);
      expect(await verify(attacked)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'catalog' }] });
    });

    it('finds objects appended without a cross-reference section (a lenient reader may still use them)', async () => {
      const { contentRef } = await objectsOf(signed);
      const attacked = Buffer.concat([
        signed,
        Buffer.from(`${contentRef.objectNumber} 0 obj\n${stream(RED_RECTANGLE)}\nendobj\n`, 'latin1'),
      ]);
      expect(await verify(attacked)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'unknown' }] });
    });

    it('compares at most 50 revisions after a signature and calls the rest unknown', async () => {
      let updated = signed;
      for (let i = 0; i < 51; i++) updated = appendRevision(updated, []);
      expect(await verify(updated)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 53, kind: 'unknown' }] });
    });

    it('finds a change the second signer signed over: the first signature was changed after signing', async () => {
      const { contentRef } = await objectsOf(signed);
      const changed = appendRevision(signed, [{ num: contentRef.objectNumber, body: stream(RED_RECTANGLE) }]);
      const report = await verify(await sign(changed, bert));
      expect(report).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'page-content', page: 1 }] });
      expect(report.signatures.map((s) => codes(s.problems))).toEqual([['CHANGED_AFTER_SIGNING'], []]);
    });
  });

  describe('signature wrapping', () => {
    it("finds objects hidden in the signature value's unsigned padding", async () => {
      const { range } = byteRange(signed);
      const { contentRef } = await objectsOf(signed);
      const payload = `>\n${contentRef.objectNumber} 0 obj\n${stream(RED_RECTANGLE)}\nendobj\n%`;
      const objectAt = range[2] - 1 - payload.length + 2;
      const wrapped = overwrite(signed, range[2] - 1 - payload.length, payload);
      const attacked = appendRevision(wrapped, [], { pointed: [{ num: contentRef.objectNumber, offset: objectAt }] });
      const report = await verify(attacked);
      expect(report.intact).toBe(false);
      expect(report.signatures[0].intact).toBe(false);
      expect(codes(report.signatures[0].problems)).toContain('BYTE_RANGE_INVALID');
      expect(report.unsignedChanges).toContainEqual({ revision: 3, kind: 'page-content', page: 1 });
    });
  });

  describe('universal signature forgery', () => {
    it.each([
      ['/Contents empty', '<>', 'cover', 'CMS_INVALID'],
      ['/Contents zeros', `<${'0'.repeat(512)}>`, 'cover', 'CMS_INVALID'],
      ['/Contents null', 'null', [0, 10, 20, 30], 'BYTE_RANGE_INVALID'],
      ['/ByteRange missing', `<${'0'.repeat(512)}>`, 'missing', 'BYTE_RANGE_INVALID'],
      ['/ByteRange beyond the file', '<>', [0, 10, 20, 100_000_000], 'BYTE_RANGE_INVALID'],
      ['/ByteRange not from the start of the file', '<>', [5, 10, 20, 30], 'BYTE_RANGE_INVALID'],
    ] as const)('a forged second signature (%s) is not intact', async (_name, contents, range, code) => {
      const forged = await forgedSignatureUpdate(signed, contents, range as 'cover' | 'missing' | number[]);
      const report = await verify(forged);
      expect(report.intact).toBe(false);
      expect(report.signatures).toHaveLength(2);
      expect(report.signatures[1].intact).toBe(false);
      expect(codes(report.signatures[1].problems)).toContain(code);
    });

    it("a forged second signature reusing the first one's /ByteRange and /Contents is not intact", async () => {
      const { range, contents } = byteRange(signed);
      const forged = await forgedSignatureUpdate(signed, contents, range);
      const report = await verify(forged);
      expect(report.intact).toBe(false);
      expect(report.signatures[1].intact).toBe(false);
      expect(codes(report.signatures[1].problems)).toContain('BYTE_RANGE_INVALID');
    });
  });

  describe('shadow attacks', () => {
    /** A prepared two-page document with `extra` bytes slipped in after it, then signed: what the signer saw does not use them. */
    async function signedWithShadow(
      shadow: (prepared: Buffer, contentNum: number) => string,
    ): Promise<{ pdf: Buffer; shadowAt: number; contentNum: number; pageNum: number }> {
      const prepared = (await prepareForSigning(await PDFDocument.load(await samplePdf(2)))).bytes;
      const { contentRef, pageRef } = await objectsOf(prepared);
      const pdf = await sign(Buffer.concat([prepared, Buffer.from(`\n${shadow(prepared, contentRef.objectNumber)}`, 'latin1')]));
      return { pdf, shadowAt: prepared.length + 1, contentNum: contentRef.objectNumber, pageNum: pageRef.objectNumber };
    }

    it('hide: an update that only frees a content stream of page 1', async () => {
      const prepared = await PDFDocument.load(await samplePdf(2));
      const page = prepared.getPage(0);
      const claim = prepared.context.register(prepared.context.stream('0 0 1 rg 50 600 300 40 re f'));
      page.node.set(PDFName.of('Contents'), prepared.context.obj([page.node.lookup(PDFName.of('Contents'), PDFArray).get(0), claim]));
      const pdf = await sign((await prepareForSigning(prepared)).bytes);
      const attacked = appendRevision(pdf, [], { freed: [claim.objectNumber] });
      expect(await verify(attacked)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'page-content', page: 1 }] });
    });

    it("replace: an update that only points page 1's content stream at a shadow copy the signer never saw", async () => {
      const { pdf, shadowAt, contentNum } = await signedWithShadow((_prepared, num) => `${num} 0 obj\n${stream(RED_RECTANGLE)}\nendobj\n`);
      const attacked = appendRevision(pdf, [], { pointed: [{ num: contentNum, offset: shadowAt }] });
      expect(await verify(attacked)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'page-content', page: 1 }] });
    });

    it('hide-and-replace: an update that gives page 1 a shadow content stream under a new number', async () => {
      const { pdf, shadowAt, pageNum } = await signedWithShadow(() => `900 0 obj\n${stream(RED_RECTANGLE)}\nendobj\n`);
      const { page } = await objectsOf(pdf);
      page.set(PDFName.of('Contents'), PDFRef.of(900));
      const attacked = appendRevision(pdf, [{ num: pageNum, body: page.toString() }], { pointed: [{ num: 900, offset: shadowAt }] });
      expect(await verify(attacked)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'page-content', page: 1 }] });
    });

    it('hide-and-replace: an update whose trailer names a shadow catalog', async () => {
      const { pdf, shadowAt } = await signedWithShadow((prepared) => {
        const text = prepared.toString('latin1');
        const at = text.indexOf('/Type /Catalog');
        const catalog = text.slice(text.lastIndexOf('<<', at), text.indexOf('>>', at) + 2);
        return `901 0 obj\n${catalog.replace('>>', '/OpenAction [0 0 R /Fit] >>')}\nendobj\n`;
      });
      const attacked = appendRevision(pdf, [], { pointed: [{ num: 901, offset: shadowAt }], trailer: { Root: '901 0 R', Size: '902' } });
      expect(await verify(attacked)).toMatchObject({ intact: false, unsignedChanges: [{ revision: 3, kind: 'catalog' }] });
    });
  });
});
