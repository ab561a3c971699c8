import { PDFName, PDFRef } from 'pdf-lib';
import { appendRevision, byteRange, forgedSignatureUpdate, lastTrailer, objectsOf, RED_RECTANGLE, stream } from './crafted-pdfs';
import { describeWithDss, dssValidate } from './dss-validation';
import { enrolSigners } from './enrolled-signer';
import { signedByOne } from './signature-requests';
import { startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';

/**
 * Issue 18, "Checked by an independent validator": the EU Commission's DSS (tools/dss-validate,
 * offline, tenant CA as the only trust anchor, tools/dss-validate/policy.xml) on what the service
 * signs, and on the crafted attack files of the hardening issue.
 */
describeWithDss('EU DSS validation of our signatures', () => {
  let t: SignaturesTestApp;
  let signed: Buffer;
  let caPem: string;

  beforeAll(async () => {
    t = await startSignaturesApp();
    const signBody = await enrolSigners(t, [CLERK]);
    signed = await signedByOne(t, { requester: STAFF, signer: CLERK, signBody }, { title: 'DSS', pdf: await samplePdf(2, 'DSS') });
    caPem = (await t.http().get('/api/v1/tenants/demo/signatures/ca.pem').expect(200)).text;
  }, 120_000);
  afterAll(() => t?.close());

  const ours = async (pdf: Buffer) =>
    (
      await t
        .http()
        .post('/api/v1/tenants/demo/signatures/verify')
        .attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' })
        .expect(200)
    ).body as { intact: boolean; signatures: { chainsToTenantCa: boolean }[] };

  // Today (B-B, offline, nothing embedded) DSS cannot pass our signature: the chain to the tenant CA
  // is built, but there is no CRL/OCSP answer for the signer certificate, so the X.509 validation is
  // INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE. Expected until B-LT embeds revocation data; then
  // this becomes TOTAL_PASSED. Our verify route calls the same file intact and chaining to the tenant CA.
  it('reports our signature as PAdES-BASELINE-B by the clerk, INDETERMINATE only for missing revocation data', async () => {
    const report = await dssValidate(signed, caPem);
    expect(report).toMatchObject({ signaturesCount: 1, validSignaturesCount: 0 });
    expect(report.signatures).toEqual([
      expect.objectContaining({
        indication: 'INDETERMINATE',
        subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
        signatureFormat: 'PAdES-BASELINE-B',
        signedBy: 'Clara Bürgerbüro',
        errors: ['The certificate validation is not conclusive!', 'No revocation data found for the certificate!'],
        warnings: [],
      }),
    ]);
    expect(await ours(signed)).toMatchObject({ intact: true, signatures: [{ intact: true, chainsToTenantCa: true }] });
  }, 60_000);

  const attacks: [string, () => Promise<Buffer>, string | undefined][] = [
    [
      "page 1's content replaced by a red rectangle after signing",
      async () => {
        const { contentRef } = await objectsOf(signed);
        return appendRevision(signed, [{ num: contentRef.objectNumber, body: stream(RED_RECTANGLE) }]);
      },
      // Only because policy.xml raises PdfVisualDifference to FAIL (DSS's default merely warns).
      'Visual difference is detected on page(s) [1]',
    ],
    [
      'a FreeText annotation "Genehmigt" added to page 2 after signing',
      async () => {
        const { document } = await objectsOf(signed);
        const page = document.getPage(1);
        const { size } = lastTrailer(signed);
        page.node.set(PDFName.of('Annots'), document.context.obj([PDFRef.of(size)]));
        return appendRevision(signed, [
          {
            num: size,
            body: '<< /Type /Annot /Subtype /FreeText /Rect [50 600 400 650] /Contents (Genehmigt) /DA (/Helv 24 Tf 1 0 0 rg) >>',
          },
          { num: page.ref.objectNumber, body: page.node.toString() },
        ]);
      },
      // DSS sees nothing: no overlap, and PDFBox renders no difference for an annotation without /AP.
      // It stays INDETERMINATE only for the missing revocation data — with B-LT it would pass.
      undefined,
    ],
    [
      "a forged second signature reusing the first one's /ByteRange and /Contents",
      async () => {
        const { range, contents } = byteRange(signed);
        return forgedSignatureUpdate(signed, contents, range);
      },
      'The signature dictionary is not consistent between signed and final revisions!',
    ],
  ];

  it.each(attacks)(
    '%s: DSS does not pass it; we call it not intact',
    async (_name, craft, error) => {
      const attacked = await craft();
      const report = await dssValidate(attacked, caPem);
      expect(report.validSignaturesCount).toBe(0);
      expect(report.signatures.every((s) => s.indication !== 'TOTAL_PASSED')).toBe(true);
      const failed = report.signatures.filter((s) => s.indication === 'TOTAL_FAILED');
      if (error === undefined) {
        // Undetected by DSS: every signature only INDETERMINATE for want of revocation data.
        expect(failed).toEqual([]);
        for (const signature of report.signatures) {
          expect(signature).toMatchObject({
            indication: 'INDETERMINATE',
            subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
            warnings: [],
          });
        }
      } else {
        // Exactly the attacked signature fails; any other is at best INDETERMINATE (no revocation data).
        expect(failed).toHaveLength(1);
        expect(failed[0]).toMatchObject({ subIndication: 'FORMAT_FAILURE', signedBy: 'Clara Bürgerbüro' });
        expect(failed[0].errors).toContain(error);
      }
      expect((await ours(attacked)).intact).toBe(false);
    },
    60_000,
  );
});
