import { PDFDocument } from 'pdf-lib';
import { describeWithPdfsig, pdfsig } from '../../test/pdfsig';
import { flipByte, samplePdf, testCa, testCredential, type TestCa } from '../../test/signing-fixtures';
import type { SigningCredential } from '../keys/signing-credential';
import { addPadesSignature, hasSignatures, pdfText, type SignatureDetails } from './pades-document';

const details = (signerName: string, contactInfo: string): SignatureDetails => ({
  signerName,
  contactInfo,
  reason: 'Unterschrift zur Dienstvereinbarung',
  location: 'demo',
  signingTime: new Date(),
});

describeWithPdfsig('PAdES signatures, verified independently by poppler pdfsig', () => {
  let ca: TestCa;
  let anna: SigningCredential;
  let bert: SigningCredential;
  let clara: SigningCredential;
  let signedByThree: Buffer;

  beforeAll(async () => {
    ca = await testCa('demo');
    [anna, bert, clara] = await Promise.all([
      testCredential(ca, { userId: 'user-a', name: 'Anna Amt', email: 'anna@demo.example' }),
      testCredential(ca, { userId: 'user-b', name: 'Bert Bauamt', email: 'bert@demo.example' }),
      testCredential(ca, { userId: 'user-c', name: 'Clara Bürgerbüro', email: 'clara@demo.example' }),
    ]);
    // Step 1: Anna. Step 2: Bert and Clara (in parallel, so one after the other on the document).
    const original = await samplePdf(2);
    const afterStep1 = await addPadesSignature(original, anna, details('Anna Amt', 'anna@demo.example'));
    const afterBert = await addPadesSignature(afterStep1, bert, details('Bert Bauamt', 'bert@demo.example'));
    signedByThree = await addPadesSignature(afterBert, clara, details('Clara Bürgerbüro', 'clara@demo.example'));
  }, 60_000);

  it('reports every signature of a document signed by three signers in two steps valid, from a trusted certificate', async () => {
    const { signatures, output } = await pdfsig(signedByThree, ca.pem);
    expect(signatures).toHaveLength(3);
    for (const signature of signatures) {
      expect({ output, validation: signature.validation }).toEqual({ output, validation: 'Signature is Valid.' });
      expect(signature.certificate).toBe('Certificate is Trusted.');
      expect(signature.subFilter).toBe('ETSI.CAdES.detached');
      expect(signature.hashAlgorithm).toBe('SHA-256');
    }
    expect(signatures.map((s) => s.commonName)).toEqual(['Anna Amt', 'Bert Bauamt', 'Clara Bürgerbüro']);
    expect(signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2', 'Signature3']);
    // Only the last signature covers the whole file; the earlier ones cover what existed then.
    expect(signatures.map((s) => s.totalDocumentSigned)).toEqual([false, false, true]);
  });

  it('names the signer, their e-mail and the tenant in the certificate', async () => {
    const { signatures } = await pdfsig(signedByThree, ca.pem);
    expect(signatures[2].distinguishedName).toContain('CN=Clara Bürgerbüro');
    expect(signatures[2].distinguishedName).toContain('E=clara@demo.example');
    expect(signatures[2].distinguishedName).toContain('O=demo');
  });

  it('reports a flipped byte inside the signed range as a digest mismatch', async () => {
    // Offset 200 lies in the first byte range of every signature (the original document's body).
    const { signatures } = await pdfsig(flipByte(signedByThree, 200), ca.pem);
    expect(signatures).toHaveLength(3);
    for (const signature of signatures) expect(signature.validation).toBe('Digest Mismatch.');
  });

  it('reports a change after the last signature: no signature covers the whole document any more', async () => {
    const { signatures } = await pdfsig(Buffer.concat([signedByThree, Buffer.from('\n% appended\n')]), ca.pem);
    expect(signatures.map((s) => s.totalDocumentSigned)).toEqual([false, false, false]);
  });

  it('does not trust the certificates without the tenant CA', async () => {
    const { signatures } = await pdfsig(signedByThree);
    expect(signatures[0].validation).toBe('Signature is Valid.');
    expect(signatures[0].certificate).not.toBe('Certificate is Trusted.');
  });

  it('keeps earlier signatures valid on a long (100-page) document', async () => {
    const long = await samplePdf(100, 'Langes Dokument');
    let pdf = await addPadesSignature(long, anna, details('Anna Amt', 'anna@demo.example'));
    pdf = await addPadesSignature(pdf, bert, details('Bert Bauamt', 'bert@demo.example'));
    const { signatures } = await pdfsig(pdf, ca.pem);
    expect(signatures.map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(100);
  });

  it('keeps an existing form and its fields when the document gets its first signature', async () => {
    const form = await PDFDocument.create();
    form.addPage();
    form.getForm().createTextField('aktenzeichen').addToPage(form.getPage(0), { x: 50, y: 600 });
    const withForm = Buffer.from(await form.save());
    let pdf = await addPadesSignature(withForm, anna, details('Anna Amt', 'anna@demo.example'));
    pdf = await addPadesSignature(pdf, bert, details('Bert Bauamt', 'bert@demo.example'));
    const { signatures } = await pdfsig(pdf, ca.pem);
    expect(signatures.map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    // placeholder-plain numbers a new field after all fields of the form: unique, if not consecutive.
    const names = (await PDFDocument.load(pdf))
      .getForm()
      .getFields()
      .map((f) => f.getName());
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
    expect(names).toContain('aktenzeichen');
  });
});

describe('PAdES helpers', () => {
  it('knows a signed document by its signature dictionary', async () => {
    expect(hasSignatures(await samplePdf(1))).toBe(false);
  });

  it('writes dictionary labels as ASCII, transliterating German umlauts', () => {
    expect(pdfText('Clara Bürgerbüro, Straße – Łódź')).toBe('Clara Buergerbuero, Strasse ? ?odz');
  });
});
