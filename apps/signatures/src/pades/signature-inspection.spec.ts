import { X509Certificate } from 'node:crypto';
import { flipByte, samplePdf, testCa, testCredential, type TestCa } from '../../test/signing-fixtures';
import type { SigningCredential } from '../keys/signing-credential';
import { addPadesSignature } from './pades-document';
import { inspectSignatures, pdfDate } from './signature-inspection';

describe('inspecting the signatures of a PDF', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  let anna: SigningCredential;
  let bert: SigningCredential;
  let twice: Buffer;
  const signedAt = new Date('2026-11-27T10:15:30.000Z');

  beforeAll(async () => {
    [ca, otherCa] = await Promise.all([testCa('demo', new Date('2026-11-01T00:00:00Z')), testCa('muster')]);
    [anna, bert] = await Promise.all([
      testCredential(
        ca,
        { userId: '0190a000-0000-7000-8000-000000000101', name: 'Anna Amt', email: 'anna@demo.example' },
        new Date('2026-11-01T00:00:00Z'),
      ),
      testCredential(ca, { userId: 'user-b', name: 'Bert Bürgerbüro', email: 'bert@demo.example' }, new Date('2026-11-01T00:00:00Z')),
    ]);
    const details = { reason: 'Zustimmung', location: 'demo', contactInfo: 'x', signingTime: signedAt };
    const once = await addPadesSignature(await samplePdf(1), anna, { ...details, signerName: 'Anna Amt' });
    twice = await addPadesSignature(once, bert, { ...details, signerName: 'Bert' });
  }, 60_000);

  it('finds each signature with its signer, claimed time and algorithm, intact and chained to the tenant CA', () => {
    const found = inspectSignatures(twice, [new X509Certificate(ca.pem)]);
    expect(found).toEqual([
      expect.objectContaining({
        index: 1,
        subFilter: 'ETSI.CAdES.detached',
        signer: { name: 'Anna Amt', email: 'anna@demo.example', organization: 'demo', userId: '0190a000-0000-7000-8000-000000000101' },
        signedAt: signedAt.toISOString(),
        digestAlgorithm: 'SHA-256',
        intact: true,
        coversWholeDocument: false,
        chainsToTrustedCa: true,
        problems: [],
      }),
      expect.objectContaining({
        index: 2,
        signer: expect.objectContaining({ name: 'Bert Bürgerbüro' }),
        intact: true,
        coversWholeDocument: true,
        chainsToTrustedCa: true,
      }),
    ]);
    expect(found[0].certificateSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports a flipped byte as a change after signing', () => {
    const found = inspectSignatures(flipByte(twice, 150), [new X509Certificate(ca.pem)]);
    expect(found.map((s) => s.intact)).toEqual([false, false]);
    expect(found[0].problems.map((p) => p.code)).toContain('DIGEST_MISMATCH');
  });

  it('reports a forged signature value (certificate kept, signature bytes changed)', () => {
    // The last bytes of the CMS are the RSA signature; the first signature's value ends before its zero padding.
    const text = twice.toString('latin1');
    const start = text.indexOf('/Contents <') + '/Contents <'.length;
    const hex = text.slice(start, text.indexOf('>', start)).replace(/(00)+$/, '');
    const forged = Buffer.from(twice);
    const at = start + hex.length - 4;
    forged.write(forged[at] === 0x30 ? '1' : '0', at, 'latin1');
    const [first] = inspectSignatures(forged, [new X509Certificate(ca.pem)]);
    expect(first.intact).toBe(false);
    expect(first.problems.map((p) => p.code)).toContain('SIGNATURE_INVALID');
  });

  it("does not chain to another tenant's CA", () => {
    const found = inspectSignatures(twice, [new X509Certificate(otherCa.pem)]);
    expect(found.map((s) => [s.intact, s.chainsToTrustedCa])).toEqual([
      [true, false],
      [true, false],
    ]);
    expect(found[0].problems).toEqual([{ code: 'NOT_TRUSTED', detail: "The signer's certificate was not issued by this tenant's CA." }]);
  });

  it('finds nothing in an unsigned document', async () => {
    expect(inspectSignatures(await samplePdf(1))).toEqual([]);
  });

  it('reads PDF dates with and without offsets', () => {
    expect(pdfDate("D:20261127111530+01'00'")?.toISOString()).toBe('2026-11-27T10:15:30.000Z');
    expect(pdfDate('D:20261127101530Z')?.toISOString()).toBe('2026-11-27T10:15:30.000Z');
    expect(pdfDate('nonsense')).toBeUndefined();
  });
});
