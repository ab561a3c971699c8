import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { certificateToDer, generateSigningKeyPair, issueCaCertificate, issueSignerCertificate, type CertificateHolder } from '../src/keys/certificates';
import type { SigningCredential } from '../src/keys/signing-credential';

export interface TestCa {
  certificate: forge.pki.Certificate;
  privateKey: KeyObject;
  pem: string;
}

/** A tenant CA in memory, as SigningKeys would create it. */
export async function testCa(tenant = 'demo', now = new Date()): Promise<TestCa> {
  const keys = await generateSigningKeyPair();
  const certificate = issueCaCertificate(tenant, keys, now);
  return { certificate, privateKey: keys.privateKey, pem: forge.pki.certificateToPem(certificate) };
}

export async function testCredential(ca: TestCa, holder: Omit<CertificateHolder, 'tenant'> & { tenant?: string }, now = new Date()): Promise<SigningCredential> {
  const keys = await generateSigningKeyPair();
  const certificate = issueSignerCertificate(ca, { tenant: 'demo', ...holder }, keys.publicKey, now);
  return { privateKey: keys.privateKey, certificate, certificateDer: certificateToDer(certificate), chainDer: [certificateToDer(ca.certificate)] };
}

/** A plain document as a requester would upload it (pdf-lib's default: object streams). */
export async function samplePdf(pages = 2, text = 'Dienstvereinbarung'): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) document.addPage().drawText(`${text} – Seite ${i}`, { x: 50, y: 700, font, size: 14 });
  return Buffer.from(await document.save());
}

export function flipByte(pdf: Buffer, offset: number): Buffer {
  const copy = Buffer.from(pdf);
  copy[offset] ^= 0x01;
  return copy;
}

/** A PDF whose trailer names an encryption dictionary, as password-protected PDFs do. */
export async function encryptedPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage();
  document.context.trailerInfo.Encrypt = document.context.obj({ Filter: 'Standard', V: 1, R: 2, P: -44, O: 'x', U: 'y' });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
