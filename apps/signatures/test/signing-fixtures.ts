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

/**
 * A large plain PDF, written out directly (drawing megabytes of text with pdf-lib takes minutes):
 * `pages` pages, each with its own content stream of about `pageBytes` of text. Many objects and
 * much stream data, so reading it costs what a long scanned contract or a report export would.
 */
export function largePdf(pages: number, pageBytes = 2048): Buffer {
  const line = 'BT /F1 9 Tf 40 800 Td (Zeile einer langen Anlage zum Vertrag, Abschnitt und Absatz) Tj ET\n';
  const content = line.repeat(Math.max(1, Math.round(pageBytes / line.length)));
  const objects: string[] = [];
  const font = 3 + 2 * pages;
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Count ${pages} /Kids [${Array.from({ length: pages }, (_, page) => `${3 + 2 * page} 0 R`).join(' ')}] >>`;
  for (let page = 0; page < pages; page++) {
    objects[3 + 2 * page] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${4 + 2 * page} 0 R >>`;
    objects[4 + 2 * page] = `<< /Length ${content.length} >>\nstream\n${content}endstream`;
  }
  objects[font] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  const parts = ['%PDF-1.7\n'];
  const offsets: number[] = [];
  let length = parts[0].length;
  for (let number = 1; number < objects.length; number++) {
    offsets[number] = length;
    const object = `${number} 0 obj\n${objects[number]}\nendobj\n`;
    parts.push(object);
    length += object.length;
  }
  const xref = [
    `xref\n0 ${objects.length}\n`,
    '0000000000 65535 f \n',
    ...offsets.slice(1).map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(xref, `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  return Buffer.from(parts.join(''), 'latin1');
}
