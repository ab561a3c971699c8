import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument, PDFName, PDFRef, PDFString, StandardFonts } from 'pdf-lib';
import {
  certificateToDer,
  generateSigningKeyPair,
  issueCaCertificate,
  issueSignerCertificate,
  type CertificateHolder,
} from '../src/keys/certificates';
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

export async function testCredential(
  ca: TestCa,
  holder: Omit<CertificateHolder, 'tenant'> & { tenant?: string },
  now = new Date(),
): Promise<SigningCredential> {
  const keys = await generateSigningKeyPair();
  const tenant = holder.tenant ?? 'demo';
  const certificate = issueSignerCertificate(ca, { tenant, ...holder }, keys.publicKey, now, {
    crlUrl: `http://localhost/api/v1/tenants/${tenant}/signatures/crl`,
    ocspUrl: `http://localhost/api/v1/tenants/${tenant}/signatures/ocsp`,
    caIssuersUrl: `http://localhost/api/v1/tenants/${tenant}/signatures/ca.crt`,
  });
  return {
    privateKey: keys.privateKey,
    certificate,
    certificateDer: certificateToDer(certificate),
    chainDer: [certificateToDer(ca.certificate)],
  };
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

/** Documents with active content, one per kind the upload must refuse (attacker's PDFs). */
export const activeContentPdfs = {
  /** `/OpenAction << /S /JavaScript >>`, saved the pdf-lib way: in a compressed object stream. */
  async openActionJavaScript(): Promise<Buffer> {
    return withDocument((document) => {
      document.catalog.set(PDFName.of('OpenAction'), document.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    }, true);
  },
  /** A page's additional action (`/AA`, on open) running JavaScript. */
  async pageAdditionalAction(): Promise<Buffer> {
    return withDocument((document) => {
      const action = document.context.obj({ S: 'JavaScript', JS: PDFString.of('this.submitForm()') });
      document.getPage(0).node.set(PDFName.of('AA'), document.context.obj({ O: action }));
    });
  },
  /** Document-level scripts in the catalog's `/Names /JavaScript` tree. */
  async namesJavaScript(): Promise<Buffer> {
    return withDocument((document) => {
      const action = document.context.register(document.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(2)') }));
      const tree = document.context.obj({ Names: [PDFString.of('init'), action] });
      document.catalog.set(PDFName.of('Names'), document.context.obj({ JavaScript: tree }));
    });
  },
  /** A link annotation whose action launches a program. */
  async launchAction(): Promise<Buffer> {
    return withDocument((document) => {
      const link = document.context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [0, 0, 100, 100],
        A: { S: 'Launch', F: PDFString.of('calc.exe') },
      });
      document.getPage(0).node.set(PDFName.of('Annots'), document.context.obj([document.context.register(link)]));
    });
  },
  /** An attached file (`/EmbeddedFiles`, `/EmbeddedFile` stream). */
  async embeddedFile(): Promise<Buffer> {
    const document = await PDFDocument.load(await samplePdf(1));
    await document.attach(Buffer.from('payload'), 'payload.txt', { mimeType: 'text/plain' });
    return Buffer.from(await document.save());
  },
  /** A Flash/3D annotation (`/Subtype /RichMedia`). */
  async richMedia(): Promise<Buffer> {
    return withDocument((document) => {
      const annotation = document.context.obj({ Type: 'Annot', Subtype: 'RichMedia', Rect: [0, 0, 100, 100] });
      document.getPage(0).node.set(PDFName.of('Annots'), document.context.obj([document.context.register(annotation)]));
    });
  },
  /** An XFA form (`/AcroForm /XFA`): its scripts run in readers that render XFA. */
  async xfaForm(): Promise<Buffer> {
    return withDocument((document) => {
      const xfa = document.context.register(document.context.stream('<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"/>'));
      document.catalog.set(PDFName.of('AcroForm'), document.context.obj({ Fields: [], XFA: xfa }));
    });
  },
  /** A harmless first revision, then an incremental update that adds `/OpenAction` JavaScript. */
  async javaScriptInLaterRevision(): Promise<Buffer> {
    const base = Buffer.from(await (await PDFDocument.load(await samplePdf(1))).save({ useObjectStreams: false }));
    const document = await PDFDocument.load(base);
    const catalogRef = document.context.trailerInfo.Root as PDFRef;
    const actionNumber = document.context.largestObjectNumber + 1;
    const catalog = document.catalog.toString().replace(/>>\s*$/, `/OpenAction ${actionNumber} 0 R\n>>`);
    const previousXref = Number(/startxref\s+(\d+)/.exec(base.toString('latin1').slice(-64))![1]);
    const action = `${actionNumber} 0 obj\n<< /S /JavaScript /JS (app.alert(3)) >>\nendobj\n`;
    const catalogObject = `${catalogRef.objectNumber} 0 obj\n${catalog}\nendobj\n`;
    const actionAt = base.length + 1;
    const catalogAt = actionAt + action.length;
    const xrefAt = catalogAt + catalogObject.length;
    const entry = (offset: number) => `${String(offset).padStart(10, '0')} 00000 n \n`;
    const update =
      `\n${action}${catalogObject}xref\n${catalogRef.objectNumber} 1\n${entry(catalogAt)}${actionNumber} 1\n${entry(actionAt)}` +
      `trailer\n<< /Size ${actionNumber + 1} /Root ${catalogRef.objectNumber} 0 R /Prev ${previousXref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    return Buffer.concat([base, Buffer.from(update, 'latin1')]);
  },
};

async function withDocument(change: (document: PDFDocument) => void, useObjectStreams = false): Promise<Buffer> {
  const document = await PDFDocument.load(await samplePdf(1));
  change(document);
  return Buffer.from(await document.save({ useObjectStreams }));
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
