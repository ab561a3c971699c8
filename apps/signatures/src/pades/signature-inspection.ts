import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;

const DIGESTS: Record<string, { node: string; label: string }> = {
  '1.3.14.3.2.26': { node: 'sha1', label: 'SHA-1' },
  '2.16.840.1.101.3.4.2.1': { node: 'sha256', label: 'SHA-256' },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', label: 'SHA-384' },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', label: 'SHA-512' },
};
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
/** Each signature hashes up to the whole file: a crafted PDF with thousands of them must not cost that much. */
export const MAX_INSPECTED_SIGNATURES = 50;

/** One signature found in a PDF, checked on its own bytes — nothing here trusts the file. */
export interface InspectedSignature {
  /** 1-based, in file order (the order they were added). */
  index: number;
  subFilter?: string;
  signer?: { name?: string; email?: string; organization?: string; userId?: string };
  /** Claimed by the signer (CMS signing-time, else the dictionary's /M); no trusted timestamp. */
  signedAt?: string;
  digestAlgorithm?: string;
  /** The covered bytes hash to the signed digest and the signature verifies with the certificate. */
  intact: boolean;
  /** The signature covers the whole file: nothing was appended after it. */
  coversWholeDocument: boolean;
  /** The signer's certificate was issued by `trustedCa` and valid when the signature was made. */
  chainsToTrustedCa: boolean;
  certificateSha256?: string;
  /** Why `intact` or `chainsToTrustedCa` is false, in words a person understands. */
  problems: string[];
}

/**
 * Finds every signature dictionary in `pdf` (by its `/ByteRange`), recomputes the digest of the
 * covered bytes, verifies the CMS signature with the embedded certificate and checks that
 * certificate against `trustedCa` (the tenant's CA).
 */
export function inspectSignatures(pdf: Buffer, trustedCa?: X509Certificate): InspectedSignature[] {
  const found: InspectedSignature[] = [];
  const pattern = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  const text = pdf.toString('latin1');
  for (let match = pattern.exec(text); match && found.length < MAX_INSPECTED_SIGNATURES; match = pattern.exec(text)) {
    const range = match.slice(1, 5).map(Number) as [number, number, number, number];
    found.push(inspectOne(pdf, text, match.index, range, found.length + 1, trustedCa));
  }
  return found;
}

function inspectOne(pdf: Buffer, text: string, at: number, [start, firstLength, secondStart, secondLength]: [number, number, number, number], index: number, trustedCa?: X509Certificate): InspectedSignature {
  const result: InspectedSignature = { index, intact: false, coversWholeDocument: false, chainsToTrustedCa: false, problems: [] };
  const dictionary = dictionaryAround(text, at, secondStart);
  result.subFilter = /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(dictionary)?.[1];
  const claimedTime = /\/M\s*\((D:[^)]*)\)/.exec(dictionary)?.[1];

  const rangeIsSound = start === 0 && firstLength > 0 && secondStart > firstLength && secondStart + secondLength <= pdf.length;
  if (!rangeIsSound || pdf[firstLength] !== 0x3c /* < */ || pdf[secondStart - 1] !== 0x3e /* > */) {
    result.problems.push('The signature does not cover the document as a PDF signature must (byte range).');
    return result;
  }
  result.coversWholeDocument = secondStart + secondLength === pdf.length;

  let cms: ParsedCms;
  try {
    cms = parseCms(Buffer.from(pdf.subarray(firstLength + 1, secondStart - 1).toString('latin1'), 'hex'));
  } catch {
    result.problems.push('The signature value is not a readable CMS signature.');
    return result;
  }
  const certificate = cms.signerCertificate;
  result.certificateSha256 = certificate ? createHash('sha256').update(certificate.raw).digest('hex') : undefined;
  result.signer = certificate ? subjectOf(certificate) : undefined;
  result.digestAlgorithm = DIGESTS[cms.digestOid]?.label;
  const signedAt = cms.signingTime ?? (claimedTime ? pdfDate(claimedTime) : undefined);
  result.signedAt = signedAt?.toISOString();

  const digest = DIGESTS[cms.digestOid];
  if (!digest) {
    result.problems.push('The signature uses a digest algorithm this service does not check.');
    return result;
  }
  const actual = createHash(digest.node).update(pdf.subarray(0, firstLength)).update(pdf.subarray(secondStart, secondStart + secondLength)).digest();
  const digestMatches = cms.messageDigest !== undefined && actual.equals(cms.messageDigest);
  if (!digestMatches) result.problems.push('The document was changed after this signature was made (digest mismatch).');
  let signatureValid = false;
  if (!certificate) result.problems.push('The signature carries no certificate of its signer.');
  else {
    try {
      signatureValid = verifySignature(digest.node, cms.signedAttributes, certificate.publicKey, cms.signature);
    } catch {
      signatureValid = false;
    }
    if (!signatureValid) result.problems.push("The signature does not verify with the signer's certificate.");
  }
  result.intact = digestMatches && signatureValid;

  if (certificate && trustedCa) {
    const issued = certificate.checkIssued(trustedCa) && certificate.verify(trustedCa.publicKey);
    const when = signedAt ?? new Date();
    const validThen = when >= new Date(certificate.validFrom) && when <= new Date(certificate.validTo);
    result.chainsToTrustedCa = issued && validThen;
    if (!issued) result.problems.push("The signer's certificate was not issued by this tenant's CA.");
    else if (!validThen) result.problems.push("The signer's certificate was not valid at the signing time.");
  } else if (certificate) {
    result.problems.push('This tenant has no signing CA yet, so no certificate can chain to it.');
  }
  return result;
}

/** The signature dictionary's text around the ByteRange, without the (long) signature value. */
function dictionaryAround(text: string, byteRangeAt: number, contentsEnd: number): string {
  const objectStart = Math.max(text.lastIndexOf(' obj', byteRangeAt), 0);
  const objectEnd = text.indexOf('endobj', Math.max(contentsEnd, byteRangeAt));
  const before = text.slice(objectStart, byteRangeAt);
  const after = text.slice(Math.max(contentsEnd, byteRangeAt), objectEnd === -1 ? undefined : objectEnd);
  return `${before}${after}`;
}

interface ParsedCms {
  digestOid: string;
  messageDigest?: Buffer;
  signingTime?: Date;
  /** The signed attributes DER-encoded as a SET: what the signature covers. */
  signedAttributes: Buffer;
  signature: Buffer;
  signerCertificate?: X509Certificate;
}

function parseCms(der: Buffer): ParsedCms {
  // The value is zero-padded to the placeholder's size: read the first DER object only.
  // (forge's typings know only the older boolean `strict` argument.)
  const fromDer = asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: { parseAllBytes: boolean }) => forge.asn1.Asn1;
  const contentInfo = fromDer(forge.util.createBuffer(der.toString('binary')), { parseAllBytes: false });
  const signedData = children(children(contentInfo)[1])[0];
  const parts = children(signedData);
  const certificates = parts.find((p) => p.tagClass === asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
  const signerInfos = parts[parts.length - 1];
  const signerInfo = children(signerInfos)[0];
  const fields = children(signerInfo);
  const [issuerAndSerial, digestAlgorithm] = [fields[1], fields[2]];
  const signedAttributesNode = fields.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 0);
  if (!signedAttributesNode) throw new Error('no signed attributes');
  const signatureNode = fields[fields.length - 1];

  const attributesDer = Buffer.from(asn1.toDer(signedAttributesNode).getBytes(), 'binary');
  attributesDer[0] = 0x31; // [0] IMPLICIT → SET OF, as it was signed
  let messageDigest: Buffer | undefined;
  let signingTime: Date | undefined;
  for (const attribute of children(signedAttributesNode)) {
    const [type, values] = children(attribute);
    const oid = asn1.derToOid(type.value as string);
    const value = children(values)[0];
    if (oid === OID_MESSAGE_DIGEST) messageDigest = Buffer.from(value.value as string, 'binary');
    if (oid === OID_SIGNING_TIME) signingTime = value.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(value.value as string) : asn1.generalizedTimeToDate(value.value as string);
  }

  const wantedSerial = Buffer.from((children(issuerAndSerial)[1].value as string) ?? '', 'binary').toString('hex').replace(/^(00)+/, '').toUpperCase();
  const signerCertificate = children(certificates ?? { value: [] } as unknown as forge.asn1.Asn1)
    .map((node) => new X509Certificate(Buffer.from(asn1.toDer(node).getBytes(), 'binary')))
    .find((certificate) => certificate.serialNumber.replace(/^(00)+/, '').toUpperCase() === wantedSerial);

  return {
    digestOid: asn1.derToOid(children(digestAlgorithm)[0].value as string),
    messageDigest,
    signingTime,
    signedAttributes: attributesDer,
    signature: Buffer.from(signatureNode.value as string, 'binary'),
    signerCertificate,
  };
}

function children(node: forge.asn1.Asn1): forge.asn1.Asn1[] {
  if (!Array.isArray(node.value)) throw new Error('expected a constructed ASN.1 value');
  return node.value as forge.asn1.Asn1[];
}

function subjectOf(certificate: X509Certificate): InspectedSignature['signer'] {
  const fields = new Map<string, string>();
  for (const line of certificate.subject.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !fields.has(line.slice(0, at))) fields.set(line.slice(0, at), line.slice(at + 1));
  }
  return { name: fields.get('CN'), email: fields.get('emailAddress'), organization: fields.get('O'), userId: fields.get('UID') };
}

/** `D:YYYYMMDDHHmmSS` with `Z` or `±HH'mm'` (ISO 32000-1, 7.9.4). */
export function pdfDate(value: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|([+-])(\d{2})'?(\d{2})?'?)?/.exec(value);
  if (!m) return undefined;
  const [year, month = '01', day = '01', hour = '00', minute = '00', second = '00'] = m.slice(1, 7);
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? 0)) : 0;
  return new Date(utc - offsetMinutes * 60_000);
}
