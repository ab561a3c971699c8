import { germanTime } from '../../http/api-time';
import { PdfLayout } from '../../documents/pdf-layout';
import { signersOfStep, type SignatureRequest } from '../../request/signature-request';
import type { AuditAction, AuditEntry, ChainVerdict } from '../audit-chain';

const ACTION_LABELS: Record<AuditAction, string> = {
  created: 'Angelegt',
  'step-started': 'Schritt begonnen',
  viewed: 'Angesehen',
  downloaded: 'Heruntergeladen',
  signed: 'Signiert',
  rejected: 'Abgelehnt',
  withdrawn: 'Zurückgezogen',
  expired: 'Abgelaufen',
  reminded: 'Erinnert',
  completed: 'Abgeschlossen',
  'signing-failed': 'Signaturversuch abgewiesen',
};

/** Whom a recipient trusts: the CAs that vouched for the signers, and where the municipality publishes them. */
export interface CertificateTrust {
  /** SHA-256 of each CA certificate that issued a signer certificate of this request. */
  caSha256s: string[];
  /** The public list of the municipality's CAs (`…/signatures/cas`). */
  publishedAt: string;
}

/**
 * The completion certificate: a separate PDF (a page appended to the signed document would
 * break its signatures) naming the document by the SHA-256 of the original (as uploaded), of the
 * document prepared for signing (the same content rewritten once; the first signature covers it)
 * and of the final file, the signers, the fingerprints of the CAs that vouch for them (which a
 * recipient compares with what the municipality publishes), and the whole audit trail with the
 * state of its hash chain.
 */
export async function completionCertificate(
  request: SignatureRequest,
  trail: AuditEntry[],
  verdict: ChainVerdict,
  issuedAt: Date,
  trust: CertificateTrust,
  requesterName?: string,
): Promise<Buffer> {
  const names = new Map(request.signers.map((signer) => [signer.userId, signer.name]));
  if (requesterName && !names.has(request.requesterId)) names.set(request.requesterId, requesterName);
  const who = (actor: string) => (actor === 'system' ? 'System' : (names.get(actor) ?? actor));
  const layout = await PdfLayout.create({ title: `Signaturnachweis – ${request.title}`, subject: `Signaturanfrage ${request.id}` });
  layout
    .heading('Signaturnachweis', 20)
    .paragraph(
      'Dieser Nachweis gehört zum signierten Dokument, das unten über seine Prüfsumme (SHA-256) bezeichnet ist. Die Signaturen selbst stecken im Dokument und lassen sich mit jedem PAdES-fähigen Prüfprogramm prüfen.',
      { grey: true },
    )
    .facts([
      ['Titel', request.title],
      ['Anfrage', request.id],
      ['Mandant', request.tenant],
      ['Angefragt von', who(request.requesterId)],
      ['Angelegt', germanTime(request.createdAt)],
      ['Abgeschlossen', request.endedAt ? germanTime(request.endedAt) : '–'],
      ['SHA-256 Original', request.originalSha256],
      ...preparedFact(trail),
      ['SHA-256 signiert', request.documentSha256],
      ['Signaturen', String(request.signatureCount)],
      ...trust.caSha256s.map((sha256, index): [string, string] => [index === 0 ? 'Signatur-CA (SHA-256)' : '', sha256]),
      ['CA veröffentlicht unter', trust.publishedAt],
    ])
    .heading('Unterschriften', 13)
    .table(
      [
        { title: 'Schritt', width: 0.9 },
        { title: 'Name', width: 2.2 },
        { title: 'E-Mail', width: 2.4 },
        { title: 'Signiert', width: 1.8 },
        // Wide enough for a SHA-256 in hex on one line at 7 pt.
        { title: 'Zertifikat (SHA-256)', width: 7.3 },
      ],
      Array.from({ length: request.stepCount }, (_, index) => signersOfStep(request, index + 1)).flatMap((signers) =>
        signers.map((signer) => [
          String(signer.step),
          signer.name,
          signer.email,
          signer.signedAt ? germanTime(signer.signedAt) : '–',
          signer.certificateSha256 ?? '–',
        ]),
      ),
      7,
    )
    .heading('Protokoll', 13)
    .table(
      [
        { title: 'Nr.', width: 0.5 },
        { title: 'Zeit', width: 2.2 },
        { title: 'Aktion', width: 1.9 },
        { title: 'Durch', width: 1.9 },
        { title: 'Hash (SHA-256)', width: 7.3 },
      ],
      trail.map((entry) => [String(entry.seq), germanTime(entry.at), ACTION_LABELS[entry.action], who(entry.actor), entry.hash]),
      7,
    )
    .paragraph(
      verdict.intact
        ? `Die Hash-Kette des Protokolls ist unversehrt (${trail.length} Einträge, letzter Hash ${verdict.headHash ?? '–'}).`
        : `ACHTUNG: Die Hash-Kette des Protokolls ist ab Eintrag ${verdict.brokenAt} gebrochen – das Protokoll wurde nachträglich verändert.`,
      { bold: true },
    )
    .paragraph(`Ausgestellt am ${germanTime(issuedAt)} durch amtsweg.`, { grey: true, size: 9 });
  return layout.save();
}

/** Requests created since documents are prepared at upload record the prepared document's SHA-256. */
function preparedFact(trail: AuditEntry[]): [string, string][] {
  const prepared = trail.find((entry) => entry.action === 'created')?.details.preparedSha256;
  return typeof prepared === 'string' ? [['SHA-256 zur Signatur aufbereitet', prepared]] : [];
}
