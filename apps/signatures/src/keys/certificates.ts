import { constants, createHash, generateKeyPair, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { authorityInfoAccessDer, type RevocationEndpoints } from '../revocation/pkix';

const generateRsaKeyPair = promisify(generateKeyPair);

/** RSA 3072: what node-forge (certificates, CMS structures) and NSS/poppler (pdfsig) both handle. */
export const SIGNING_KEY_BITS = 3072;
const CA_VALIDITY_YEARS = 10;
export const SIGNER_VALIDITY_DAYS = 730;
const CLOCK_SKEW_MS = 5 * 60_000;
const ORGANIZATIONAL_UNIT = 'amtsweg Signaturen';

/** RFC 4519 `uid`: the signer's stable user id, so the certificate names exactly one account. */
const OID_USER_ID = '0.9.2342.19200300.100.1.1';
const OID_AUTHORITY_INFO_ACCESS = '1.3.6.1.5.5.7.1.1';

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Whom a signer certificate names. The tenant is the organisation that vouches for them. */
export interface CertificateHolder {
  tenant: string;
  userId: string;
  name: string;
  email: string;
}

/** Key generation runs on libuv's thread pool (hundreds of ms for 3072 bits), never in a transaction. */
export async function generateSigningKeyPair(): Promise<SigningKeyPair> {
  return generateRsaKeyPair('rsa', { modulusLength: SIGNING_KEY_BITS, publicExponent: 0x10001 });
}

/**
 * A tenant's own root: signs the certificates of the tenant's signers, nothing else. A CA rolled
 * in later (`rolledInAt`) names its day, so that people and validators tell the tenant's CAs apart.
 */
export function issueCaCertificate(
  tenant: string,
  keys: SigningKeyPair,
  now: Date,
  options: { rolledInAt?: Date } = {},
): forge.pki.Certificate {
  const since = options.rolledInAt ? ` ab ${options.rolledInAt.toISOString().slice(0, 10)}` : '';
  const subject = [
    utf8({ name: 'commonName' }, `amtsweg Signatur-CA ${tenant}${since}`),
    utf8({ name: 'organizationName' }, tenant),
    utf8({ name: 'organizationalUnitName' }, ORGANIZATIONAL_UNIT),
  ];
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = toForgePublicKey(keys.publicKey);
  certificate.serialNumber = randomSerial();
  certificate.validity.notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  certificate.validity.notAfter = new Date(now.getTime() + CA_VALIDITY_YEARS * 365 * 86_400_000);
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(forgeSigningKey(keys.privateKey), forge.md.sha256.create());
  return certificate;
}

/**
 * The signer's certificate: who they are, for advanced electronic signatures (digitalSignature +
 * nonRepudiation), and where a relying party checks that it still holds (CRL, OCSP).
 */
export function issueSignerCertificate(
  ca: { certificate: forge.pki.Certificate; privateKey: KeyObject },
  holder: CertificateHolder,
  publicKey: KeyObject,
  now: Date,
  revocation: RevocationEndpoints,
): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = toForgePublicKey(publicKey);
  certificate.serialNumber = randomSerial();
  certificate.validity.notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const caExpiry = ca.certificate.validity.notAfter.getTime();
  certificate.validity.notAfter = new Date(Math.min(now.getTime() + SIGNER_VALIDITY_DAYS * 86_400_000, caExpiry));
  certificate.setSubject([
    utf8({ name: 'commonName' }, holder.name),
    { name: 'emailAddress', value: holder.email },
    utf8({ type: OID_USER_ID }, holder.userId),
    utf8({ name: 'organizationName' }, holder.tenant),
    utf8({ name: 'organizationalUnitName' }, ORGANIZATIONAL_UNIT),
  ]);
  // A parsed certificate holds UTF8String values as raw bytes; forge would encode them a second time.
  certificate.setIssuer(ca.certificate.subject.attributes.map((field) => ({ ...field, value: decodeUtf8(field) })));
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectAltName', altNames: [{ type: 1, value: holder.email }] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.certificate.generateSubjectKeyIdentifier().getBytes() },
    { name: 'cRLDistributionPoints', altNames: [{ type: 6, value: revocation.crlUrl }] },
    { id: OID_AUTHORITY_INFO_ACCESS, value: authorityInfoAccessDer(revocation).toString('binary') },
  ]);
  certificate.sign(forgeSigningKey(ca.privateKey), forge.md.sha256.create());
  return certificate;
}

/** Whether a certificate tells relying parties where to check its revocation (those issued before revocation existed do not). */
export function namesRevocationEndpoints(certificate: forge.pki.Certificate): boolean {
  const ids = (certificate.extensions as Array<{ id: string }>).map((extension) => extension.id);
  return ids.includes(forge.pki.oids.cRLDistributionPoints) && ids.includes(OID_AUTHORITY_INFO_ACCESS);
}

export function certificateToDer(certificate: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
}

export function certificateFromPem(pem: string): forge.pki.Certificate {
  return forge.pki.certificateFromPem(pem);
}

export function certificateFromDer(der: Buffer): forge.pki.Certificate {
  return forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));
}

/** SHA-256 over the DER, hex: how certificates are told apart in the audit trail and the API. */
export function certificateFingerprint(certificate: forge.pki.Certificate): string {
  return createHash('sha256').update(certificateToDer(certificate)).digest('hex');
}

/** Reads one attribute of a subject (`commonName`, `emailAddress`, or an OID). */
export function subjectAttribute(certificate: forge.pki.Certificate, nameOrOid: string): string | undefined {
  const field = certificate.subject.attributes.find((a) => a.name === nameOrOid || a.type === nameOrOid || a.shortName === nameOrOid);
  return typeof field?.value === 'string' ? decodeUtf8(field) : undefined;
}

// forge keeps UTF8String values as raw UTF-8 bytes in a binary string when it parses a certificate.
function decodeUtf8(field: forge.pki.CertificateField): string {
  const value = field.value as string;
  if ((field.valueTagClass as unknown) !== forge.asn1.Type.UTF8) return value;
  try {
    return forge.util.decodeUtf8(value);
  } catch {
    return value;
  }
}

// Names with umlauts need UTF8String (forge's default, PrintableString, cannot hold them); forge
// encodes the value to UTF-8 when it writes the certificate. Its typings call the field a tag
// class; it holds the value's ASN.1 type.
function utf8(field: forge.pki.CertificateFieldOptions, value: string): forge.pki.CertificateField {
  return { ...field, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}

function toForgePublicKey(publicKey: KeyObject): forge.pki.PublicKey {
  return forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
}

/** DER of DigestInfo { sha256, NULL } without the digest, for RSASSA-PKCS1-v1_5. */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * Lets forge sign a certificate with a Node.js KeyObject: forge builds and hashes the
 * TBSCertificate, the private key never enters forge (and its pure-JS RSA) at all.
 */
function forgeSigningKey(privateKey: KeyObject): forge.pki.rsa.PrivateKey {
  return {
    sign(md: forge.md.MessageDigest): string {
      if (md.algorithm !== 'sha256') throw new Error(`only SHA-256 is used for certificates, not ${md.algorithm}`);
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      return privateEncrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]),
      ).toString('binary');
    },
  } as unknown as forge.pki.rsa.PrivateKey;
}

/** A positive 128-bit serial (RFC 5280: at most 20 octets, positive, unpredictable). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}
