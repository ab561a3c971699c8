import { webcrypto, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

// This project compiles without the DOM library; pkijs's WebCrypto types come from its own signatures.
type WebCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];
type CryptoKey = Parameters<pkijs.CertificateRevocationList['sign']>[0];

// pkijs signs through WebCrypto; Node's is complete, so it is the engine for every pkijs object here.
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as WebCrypto }));

/** RFC 5280 5.3.1 CRLReason: the reasons a tenant-admin may give (the others are for CAs and attribute authorities). */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

/** The issuing CA as pkijs needs it: its parsed certificate and its private key as a WebCrypto key. */
export interface RevocationSigner {
  certificate: pkijs.Certificate;
  privateKey: CryptoKey;
}

export async function revocationSigner(certificateDer: Buffer, privateKey: KeyObject): Promise<RevocationSigner> {
  const key = await webcrypto.subtle.importKey(
    'pkcs8',
    privateKey.export({ type: 'pkcs8', format: 'der' }),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return { certificate: parseCertificate(certificateDer), privateKey: key as unknown as CryptoKey };
}

export function parseCertificate(der: Buffer): pkijs.Certificate {
  return pkijs.Certificate.fromBER(der);
}

/** The certificate's serial number as lower-case hex without leading zero octets (how `signer_key.serial_hex` keeps it). */
export function serialHex(serial: asn1js.Integer): string {
  return normalizeSerialHex(Buffer.from(serial.valueBlock.valueHexView).toString('hex'));
}

export function normalizeSerialHex(hex: string): string {
  const trimmed = hex.toLowerCase().replace(/^(00)+/, '');
  return trimmed === '' ? '00' : trimmed;
}

export function serialInteger(hex: string): asn1js.Integer {
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  // DER INTEGERs are signed: a leading octet ≥ 0x80 needs a zero octet in front to stay positive.
  return new asn1js.Integer({ valueHex: bytes[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes });
}

/** The extension holding a revocation reason, as in CRL entries (RFC 5280 5.3.1). */
export function reasonCodeExtension(reason: RevocationReason): pkijs.Extension {
  return new pkijs.Extension({
    extnID: pkijs.id_CRLReason,
    critical: false,
    extnValue: new asn1js.Enumerated({ value: REVOCATION_REASONS[reason] }).toBER(false),
  });
}

/** The CA's subject key identifier, so that relying parties find the key that signed a CRL or an OCSP answer. */
export function authorityKeyIdentifierExtension(ca: pkijs.Certificate): pkijs.Extension | undefined {
  const subjectKeyIdentifier = ca.extensions?.find((extension) => extension.extnID === pkijs.id_SubjectKeyIdentifier);
  if (!subjectKeyIdentifier) return undefined;
  const keyIdentifier = asn1js.fromBER(subjectKeyIdentifier.extnValue.valueBlock.valueHexView).result as asn1js.OctetString;
  return new pkijs.Extension({
    extnID: pkijs.id_AuthorityKeyIdentifier,
    critical: false,
    extnValue: new pkijs.AuthorityKeyIdentifier({ keyIdentifier }).toSchema().toBER(false),
  });
}

/** Where relying parties learn whether a signer certificate still holds, written into it when issued. */
export interface RevocationEndpoints {
  crlUrl: string;
  ocspUrl: string;
  caIssuersUrl: string;
}

/** The Authority Information Access extension's value (RFC 5280 4.2.2.1): the OCSP responder and the issuer's certificate. */
export function authorityInfoAccessDer(endpoints: RevocationEndpoints): Buffer {
  const location = (url: string) => new pkijs.GeneralName({ type: 6, value: url });
  return Buffer.from(
    new pkijs.InfoAccess({
      accessDescriptions: [
        new pkijs.AccessDescription({ accessMethod: pkijs.id_ad_ocsp, accessLocation: location(endpoints.ocspUrl) }),
        new pkijs.AccessDescription({ accessMethod: pkijs.id_ad_caIssuers, accessLocation: location(endpoints.caIssuersUrl) }),
      ],
    })
      .toSchema()
      .toBER(false),
  );
}
