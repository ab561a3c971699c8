import { createHash, sign as rsaSign } from 'node:crypto';
import forge from 'node-forge';
import type { SigningCredential } from '../keys/signing-credential';

const { asn1 } = forge;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

/**
 * A detached CMS SignedData (RFC 5652) over `content`, as PAdES baseline B-B wants it
 * (ETSI EN 319 142-1, `ETSI.CAdES.detached`): SHA-256, signed attributes content-type,
 * message-digest and signing-certificate-v2 (which binds the signer's certificate into the
 * signature), and no signing-time attribute — the time is the signature dictionary's `/M`.
 *
 * Hashing and RSA run in Node's crypto; forge only lays out the (small) ASN.1 structures, so the
 * cost does not grow with forge's pure-JS speed on large documents.
 */
export function cmsSignedData(content: Buffer | Buffer[], credential: SigningCredential): Buffer {
  const hash = createHash('sha256');
  for (const part of Array.isArray(content) ? content : [content]) hash.update(part);
  const contentDigest = hash.digest();

  const certificateAsn1 = forge.pki.certificateToAsn1(credential.certificate);
  const issuerName = issuerOf(certificateAsn1);
  const serial = integerFromHex(credential.certificate.serialNumber);
  const sha256Algorithm = sequence([oid(OID.sha256)]);

  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octetString(contentDigest)),
    attribute(
      OID.signingCertificateV2,
      // SigningCertificateV2 { certs: [ESSCertIDv2 { hashAlgorithm DEFAULT sha256, certHash, issuerSerial }] }
      sequence([
        sequence([
          sequence([
            octetString(createHash('sha256').update(credential.certificateDer).digest()),
            sequence([sequence([explicit(4, issuerName)]), serial]),
          ]),
        ]),
      ]),
    ),
  ]
    .map(der)
    // DER orders a SET OF by the encodings of its elements.
    .sort(Buffer.compare);

  // The signature covers the attributes encoded as a SET (tag 0x31); in SignerInfo they sit under [0] IMPLICIT.
  const signedAttributesSet = Buffer.concat([Buffer.from([0x31]), derLength(attributes.reduce((n, a) => n + a.length, 0)), ...attributes]);
  const signature = rsaSign('sha256', signedAttributesSet, credential.privateKey);
  const signedAttributes = fromDer(signedAttributesSet);
  signedAttributes.tagClass = asn1.Class.CONTEXT_SPECIFIC;
  signedAttributes.type = 0;

  const signerInfo = sequence([
    integer(1),
    sequence([issuerName, serial]),
    sha256Algorithm,
    signedAttributes,
    sequence([oid(OID.rsaEncryption), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]),
    octetString(signature),
  ]);
  const signedData = sequence([
    integer(1),
    set([sha256Algorithm]),
    sequence([oid(OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [certificateAsn1, ...credential.chainDer.map(fromDer)]),
    set([signerInfo]),
  ]);
  return der(sequence([oid(OID.signedData), explicit(0, signedData)]));
}

function issuerOf(certificateAsn1: forge.asn1.Asn1): forge.asn1.Asn1 {
  // Certificate { tbsCertificate { [0] version, serialNumber, signature, issuer, … } }
  const tbs = (certificateAsn1.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  const hasVersion = tbs[0].tagClass === asn1.Class.CONTEXT_SPECIFIC;
  return tbs[hasVersion ? 3 : 2];
}

function attribute(type: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return sequence([oid(type), set([value])]);
}

function sequence(value: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
}

function set(value: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, value);
}

function explicit(tag: number, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [value]);
}

function oid(value: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}

function octetString(bytes: Buffer): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
}

function integer(value: number): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
}

function integerFromHex(hex: string): forge.asn1.Asn1 {
  const even = hex.length % 2 ? `0${hex}` : hex;
  // A leading byte ≥ 0x80 would read as negative: DER needs a 0x00 in front.
  const bytes = parseInt(even.slice(0, 2), 16) >= 0x80 ? `00${even}` : even;
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(bytes));
}

function der(value: forge.asn1.Asn1): Buffer {
  return Buffer.from(asn1.toDer(value).getBytes(), 'binary');
}

function fromDer(bytes: Buffer): forge.asn1.Asn1 {
  return asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
