import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { PdfRevisions } from './pdf-revisions';
import { dictOf, nameOf, PdfSyntaxError, type IndirectObject, type PdfDict, type PdfReader, type PdfValue } from './pdf-syntax';

const { asn1 } = forge;

const DIGESTS: Record<string, { node: string; label: string }> = {
  '1.3.14.3.2.26': { node: 'sha1', label: 'SHA-1' },
  '2.16.840.1.101.3.4.2.1': { node: 'sha256', label: 'SHA-256' },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', label: 'SHA-384' },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', label: 'SHA-512' },
};
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
/** id-ct-TSTInfo: the content of an RFC 3161 timestamp token (a PAdES document timestamp). */
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
/** Each signature hashes up to the whole file: a crafted PDF with thousands of them must not cost that much. */
export const MAX_INSPECTED_SIGNATURES = 50;

/** Stable codes for what is wrong with a signature; `detail` says it in words. */
export const SIGNATURE_PROBLEM_CODES = [
  'BYTE_RANGE_INVALID',
  'CMS_INVALID',
  'DIGEST_MISMATCH',
  'SIGNATURE_INVALID',
  'SIGNATURE_NOT_IN_DOCUMENT',
  'CHANGED_AFTER_SIGNING',
  'NOT_TRUSTED',
] as const;
export type SignatureProblemCode = (typeof SIGNATURE_PROBLEM_CODES)[number];

export interface SignatureProblem {
  code: SignatureProblemCode;
  detail: string;
}

/** The problems that make a signature not intact (trust and later changes are reported beside it). */
const BREAKING: ReadonlySet<SignatureProblemCode> = new Set([
  'BYTE_RANGE_INVALID',
  'CMS_INVALID',
  'DIGEST_MISMATCH',
  'SIGNATURE_INVALID',
  'SIGNATURE_NOT_IN_DOCUMENT',
]);

/** One signature found in a PDF, checked on its own bytes — nothing here trusts the file. */
export interface InspectedSignature {
  /** 1-based, in file order (the order they were added). */
  index: number;
  subFilter?: string;
  signer?: { name?: string; email?: string; organization?: string; userId?: string };
  /** Claimed by the signer (CMS signing-time, else the dictionary's /M); no trusted timestamp. */
  signedAt?: string;
  digestAlgorithm?: string;
  /**
   * Its byte range is exactly the file around its own `/Contents`, the covered bytes hash to the
   * signed digest, the signature verifies with the certificate, and the document's
   * cross-reference still leads to its dictionary. Later changes are `CHANGED_AFTER_SIGNING`.
   */
  intact: boolean;
  /** The signature covers the whole file: nothing was appended after it. */
  coversWholeDocument: boolean;
  /** The signer's certificate was issued by one of `trustedCas` and valid when the signature was made. */
  chainsToTrustedCa: boolean;
  certificateSha256?: string;
  problems: SignatureProblem[];
  /**
   * The revision (1-based) the signature signed: the one whose end its byte range reaches, or,
   * when the byte range is unusable, the one holding its dictionary (0 if that cannot be told).
   */
  signedRevision: number;
}

/**
 * Finds every signature dictionary in `pdf` (a dictionary with `/ByteRange`, or of type `/Sig` or
 * `/DocTimeStamp`), recomputes the digest of the covered bytes, verifies the CMS signature with the
 * embedded certificate and checks that certificate against `trustedCas` (the tenant's CAs, the
 * current one and those it retired).
 */
export function inspectSignatures(
  pdf: Buffer,
  trustedCas: readonly X509Certificate[] = [],
  document = new PdfRevisions(pdf),
): InspectedSignature[] {
  return findSignatureDictionaries(document.reader).map((found, i) => inspectOne(document, found, i + 1, trustedCas));
}

interface FoundSignature {
  /** Where its keys were found. */
  at: number;
  /** The indirect object holding the dictionary (the dictionary itself, or a widget with it inline). */
  object?: IndirectObject;
  dictionary?: PdfDict;
}

/** Signature dictionaries by their keys, each attributed to the indirect object around it. */
function findSignatureDictionaries(reader: PdfReader): FoundSignature[] {
  const headers: number[] = [];
  // Starting only where a digit run starts, bounded: a long run (a /Contents value) must not make this quadratic.
  for (const match of reader.text.matchAll(/(?<!\d)\d{1,10}\s+\d{1,5}\s+obj\b/g)) headers.push(match.index);
  const found: FoundSignature[] = [];
  const objects = new Set<number>();
  for (const hit of reader.text.matchAll(/\/ByteRange\b|\/Type\s*\/(?:Sig|DocTimeStamp)\b/g)) {
    if (found.length >= MAX_INSPECTED_SIGNATURES) break;
    const header = precedingHeader(headers, hit.index);
    if (header !== undefined && objects.has(header)) continue;
    let object: IndirectObject | undefined;
    try {
      object = header === undefined ? undefined : reader.indirectObject(header);
    } catch (error) {
      if (!(error instanceof PdfSyntaxError)) throw error;
    }
    if (!object || object.end <= hit.index) {
      // Signature keys outside any readable object: a damaged or crafted signature, never a valid one.
      found.push({ at: hit.index });
      continue;
    }
    objects.add(header!);
    const value = object.value;
    // Keys inside a stream's data are content, not a signature.
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      value.kind === 'stream' &&
      hit.index > reader.text.indexOf('stream', header!)
    )
      continue;
    for (const dictionary of signatureDictionariesIn(value)) found.push({ at: hit.index, object, dictionary });
  }
  return found;
}

function precedingHeader(headers: number[], at: number): number | undefined {
  let [low, high] = [0, headers.length - 1];
  let result: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (headers[middle] < at) {
      result = headers[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return result;
}

function signatureDictionariesIn(value: PdfValue, into: PdfDict[] = [], depth = 0): PdfDict[] {
  if (depth > 16 || value === null || typeof value !== 'object') return into;
  if (Array.isArray(value)) {
    for (const item of value) signatureDictionariesIn(item, into, depth + 1);
    return into;
  }
  const dictionary = dictOf(value);
  if (!dictionary) return into;
  const type = nameOf(dictionary.entries.get('Type'));
  if (dictionary.entries.has('ByteRange') || type === 'Sig' || type === 'DocTimeStamp') into.push(dictionary);
  else for (const item of dictionary.entries.values()) signatureDictionariesIn(item, into, depth + 1);
  return into;
}

function inspectOne(
  document: PdfRevisions,
  { at, object, dictionary }: FoundSignature,
  index: number,
  trustedCas: readonly X509Certificate[],
): InspectedSignature {
  const pdf = document.reader.pdf;
  const result: InspectedSignature = {
    index,
    intact: false,
    coversWholeDocument: false,
    chainsToTrustedCa: false,
    problems: [],
    signedRevision: 0,
  };
  const problem = (code: SignatureProblemCode, detail: string) => result.problems.push({ code, detail });
  const finish = () => {
    result.intact = !result.problems.some((p) => BREAKING.has(p.code));
    return result;
  };
  result.signedRevision = document.revisionAt(at);
  if (!object || !dictionary) {
    problem('BYTE_RANGE_INVALID', 'The signature dictionary cannot be read.');
    return finish();
  }
  result.subFilter = nameOf(dictionary.entries.get('SubFilter'));
  const claimed = dictionary.entries.get('M');
  const claimedTime =
    typeof claimed === 'object' && claimed !== null && !Array.isArray(claimed) && claimed.kind === 'string' ? claimed.bytes : undefined;

  const location = document.latest?.entries.get(object.num);
  // Some writers point an entry at the end-of-line before the object header.
  if (location?.type !== 'offset' || document.reader.skipWhite(location.offset) !== object.start) {
    problem(
      'SIGNATURE_NOT_IN_DOCUMENT',
      "The document's cross-reference does not lead to this signature dictionary: what a reader shows is not what was signed.",
    );
  }

  const range = byteRangeOf(dictionary);
  if (!range) {
    problem('BYTE_RANGE_INVALID', 'The signature has no /ByteRange of four non-negative integers.');
    return finish();
  }
  const [start, firstLength, secondStart, secondLength] = range;
  if (start !== 0 || firstLength <= 0 || secondStart <= firstLength || secondStart + secondLength > pdf.length) {
    problem('BYTE_RANGE_INVALID', 'The byte range does not start at the beginning of the file, or reaches beyond its end.');
    return finish();
  }
  const contentsSpan = dictionary.spans.get('Contents');
  const gap = pdf.toString('latin1', firstLength, secondStart);
  if (!contentsSpan || contentsSpan[0] !== firstLength || contentsSpan[1] !== secondStart || !/^<[0-9A-Fa-f]*>$/.test(gap)) {
    problem('BYTE_RANGE_INVALID', 'The bytes the signature leaves out are not exactly its own /Contents value.');
    return finish();
  }
  result.coversWholeDocument = secondStart + secondLength === pdf.length;
  result.signedRevision = document.revisionCoveredUpTo(secondStart + secondLength);

  const value = Buffer.from(gap.slice(1, -1), 'hex');
  if (value.every((byte) => byte === 0)) {
    problem('CMS_INVALID', 'The signature value is empty.');
    return finish();
  }
  let cms: ParsedCms;
  try {
    cms = parseCms(value);
  } catch {
    problem('CMS_INVALID', 'The signature value is not a readable CMS signature.');
    return finish();
  }
  const certificate = cms.signerCertificate;
  result.certificateSha256 = certificate ? createHash('sha256').update(certificate.raw).digest('hex') : undefined;
  result.signer = certificate ? subjectOf(certificate) : undefined;

  const digest = DIGESTS[cms.digestOid];
  let timestamp: TimeStampInfo | undefined;
  try {
    timestamp = cms.eContentType === OID_TST_INFO && cms.eContent ? parseTstInfo(cms.eContent) : undefined;
  } catch {
    timestamp = undefined;
  }
  // A document timestamp signs its TSTInfo, whose message imprint is the document's digest.
  const documentDigest = DIGESTS[timestamp ? timestamp.digestOid : cms.digestOid];
  const claimedDigest = timestamp ? timestamp.hashedMessage : cms.messageDigest;
  result.digestAlgorithm = documentDigest?.label;
  const signedAt = timestamp?.genTime ?? cms.signingTime ?? (claimedTime ? pdfDate(claimedTime) : undefined);
  result.signedAt = signedAt?.toISOString();
  if (!digest || !documentDigest) {
    problem('CMS_INVALID', 'The signature uses a digest algorithm this service does not check.');
    return finish();
  }
  if (cms.eContentType === OID_TST_INFO && !timestamp) {
    problem('CMS_INVALID', 'The timestamp token carries no readable TSTInfo.');
    return finish();
  }
  if (timestamp && (cms.messageDigest === undefined || !createHash(digest.node).update(cms.eContent!).digest().equals(cms.messageDigest))) {
    problem('CMS_INVALID', 'The timestamp token does not sign its own TSTInfo.');
    return finish();
  }
  const actual = createHash(documentDigest.node)
    .update(pdf.subarray(0, firstLength))
    .update(pdf.subarray(secondStart, secondStart + secondLength))
    .digest();
  if (claimedDigest === undefined || !actual.equals(claimedDigest))
    problem('DIGEST_MISMATCH', 'The signed bytes were changed after this signature was made (digest mismatch).');
  if (!certificate) problem('CMS_INVALID', 'The signature carries no certificate of its signer.');
  else {
    let signatureValid = false;
    try {
      signatureValid = verifySignature(digest.node, cms.signedAttributes, certificate.publicKey, cms.signature);
    } catch {
      signatureValid = false;
    }
    if (!signatureValid) problem('SIGNATURE_INVALID', "The signature does not verify with the signer's certificate.");
  }

  if (certificate && trustedCas.length) {
    const issued = trustedCas.some((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey));
    const when = signedAt ?? new Date();
    const validThen = when >= new Date(certificate.validFrom) && when <= new Date(certificate.validTo);
    result.chainsToTrustedCa = issued && validThen;
    if (!issued) problem('NOT_TRUSTED', "The signer's certificate was not issued by this tenant's CA.");
    else if (!validThen) problem('NOT_TRUSTED', "The signer's certificate was not valid at the signing time.");
  } else if (certificate) {
    problem('NOT_TRUSTED', 'This tenant has no signing CA yet, so no certificate can chain to it.');
  }
  return finish();
}

function byteRangeOf(dictionary: PdfDict): [number, number, number, number] | undefined {
  const range = dictionary.entries.get('ByteRange');
  if (!Array.isArray(range) || range.length !== 4) return undefined;
  if (!range.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) return undefined;
  return range as [number, number, number, number];
}

interface ParsedCms {
  digestOid: string;
  messageDigest?: Buffer;
  signingTime?: Date;
  /** The signed attributes DER-encoded as a SET: what the signature covers. */
  signedAttributes: Buffer;
  signature: Buffer;
  signerCertificate?: X509Certificate;
  eContentType: string;
  /** The encapsulated content, when attached (a timestamp token's TSTInfo). */
  eContent?: Buffer;
}

interface TimeStampInfo {
  digestOid: string;
  hashedMessage: Buffer;
  genTime: Date;
}

/** TSTInfo (RFC 3161, 2.4.2): version, policy, messageImprint { hashAlgorithm, hashedMessage }, serialNumber, genTime, … */
function parseTstInfo(der: Buffer): TimeStampInfo {
  const fields = children(asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));
  const [algorithm, hashed] = children(fields[2]);
  return {
    digestOid: asn1.derToOid(children(algorithm)[0].value as string),
    hashedMessage: Buffer.from(hashed.value as string, 'binary'),
    genTime: asn1.generalizedTimeToDate(fields[4].value as string),
  };
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
  const encapsulated = children(parts[2]);
  const eContentType = asn1.derToOid(encapsulated[0].value as string);
  const eContentNode = encapsulated[1] ? children(encapsulated[1])[0] : undefined;
  const eContent = eContentNode && typeof eContentNode.value === 'string' ? Buffer.from(eContentNode.value, 'binary') : undefined;

  const attributesDer = Buffer.from(asn1.toDer(signedAttributesNode).getBytes(), 'binary');
  attributesDer[0] = 0x31; // [0] IMPLICIT → SET OF, as it was signed
  let messageDigest: Buffer | undefined;
  let signingTime: Date | undefined;
  for (const attribute of children(signedAttributesNode)) {
    const [type, values] = children(attribute);
    const oid = asn1.derToOid(type.value as string);
    const value = children(values)[0];
    if (oid === OID_MESSAGE_DIGEST) messageDigest = Buffer.from(value.value as string, 'binary');
    if (oid === OID_SIGNING_TIME)
      signingTime =
        value.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(value.value as string) : asn1.generalizedTimeToDate(value.value as string);
  }

  const wantedSerial = Buffer.from((children(issuerAndSerial)[1].value as string) ?? '', 'binary')
    .toString('hex')
    .replace(/^(00)+/, '')
    .toUpperCase();
  const signerCertificate = children(certificates ?? ({ value: [] } as unknown as forge.asn1.Asn1))
    .map((node) => new X509Certificate(Buffer.from(asn1.toDer(node).getBytes(), 'binary')))
    .find((certificate) => certificate.serialNumber.replace(/^(00)+/, '').toUpperCase() === wantedSerial);

  return {
    digestOid: asn1.derToOid(children(digestAlgorithm)[0].value as string),
    messageDigest,
    signingTime,
    signedAttributes: attributesDer,
    signature: Buffer.from(signatureNode.value as string, 'binary'),
    signerCertificate,
    eContentType,
    eContent,
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
