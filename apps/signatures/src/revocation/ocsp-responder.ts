import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { REVOCATION_REASONS, serialHex, type RevocationReason, type RevocationSigner } from './pkix';

/** An OCSP answer is fresh this long; clients ask again after it. */
const OCSP_VALIDITY_MS = 60 * 60_000;
const ID_PKIX_OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
/** The digests a CertID may name (RFC 6960 4.1.1); clients send SHA-1 by default, some SHA-256. */
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** OCSPResponseStatus (RFC 6960 4.2.1). */
const MALFORMED_REQUEST = 1;
const UNAUTHORIZED = 6;

export type CertificateStatus =
  { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: RevocationReason } | { status: 'unknown' };

/** What the responder needs to know of a tenant: its CAs (each signs answers about its own certificates) and each certificate's state. */
export interface OcspAuthority {
  cas(): Promise<Array<{ id: string; certificateDer: Buffer }>>;
  signer(caId: string): Promise<RevocationSigner>;
  statusOf(caId: string, serialHex: string): Promise<CertificateStatus>;
}

/**
 * An RFC 6960 OCSP responder for one tenant, the CA itself answering (no delegated responder
 * certificate). A request about another issuer is answered `unauthorized`, an unreadable one
 * `malformedRequest` — both as OCSP answers, which is what clients read.
 */
export async function answerOcspRequest(requestDer: Buffer, authority: OcspAuthority, at: Date): Promise<Buffer> {
  const now = wholeSeconds(at);
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(requestDer);
  } catch {
    return statusOnly(MALFORMED_REQUEST);
  }
  const asked = request.tbsRequest.requestList.map((single) => single.reqCert);
  if (asked.length === 0) return statusOnly(MALFORMED_REQUEST);

  const cas = await authority.cas();
  const issuerOf = (certId: pkijs.CertID) => cas.find((ca) => issuedBy(certId, ca.certificateDer));
  const responder = issuerOf(asked[0]);
  if (!responder) return statusOnly(UNAUTHORIZED);

  const responses: pkijs.SingleResponse[] = [];
  for (const certId of asked) {
    // One answer is signed by one CA: certificates of another of the tenant's CAs are asked for separately.
    const status =
      issuerOf(certId)?.id === responder.id
        ? await authority.statusOf(responder.id, serialHex(certId.serialNumber))
        : ({ status: 'unknown' } as const);
    responses.push(
      new pkijs.SingleResponse({
        certID: certId,
        certStatus: certStatus(status),
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + OCSP_VALIDITY_MS),
      }),
    );
  }

  const signer = await authority.signer(responder.id);
  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = signer.certificate.subject;
  basic.tbsResponseData.producedAt = now;
  basic.tbsResponseData.responses = responses;
  // The client's nonce comes back, so it knows the answer is not a replay.
  const nonce = request.tbsRequest.requestExtensions?.find((extension) => extension.extnID === ID_PKIX_OCSP_NONCE);
  if (nonce) basic.tbsResponseData.responseExtensions = [nonce];
  await basic.sign(signer.privateKey, 'SHA-256');

  return Buffer.from(
    new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: pkijs.id_PKIX_OCSP_Basic,
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
      }),
    })
      .toSchema()
      .toBER(false),
  );
}

/** Whether the CertID's issuer name and key hashes are those of this CA certificate. */
function issuedBy(certId: pkijs.CertID, caDer: Buffer): boolean {
  const digest = DIGESTS[certId.hashAlgorithm.algorithmId];
  if (!digest) return false;
  const ca = pkijs.Certificate.fromBER(caDer);
  const nameHash = createHash(digest)
    .update(Buffer.from(ca.subject.toSchema().toBER(false)))
    .digest();
  const keyHash = createHash(digest).update(Buffer.from(ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)).digest();
  return (
    nameHash.equals(Buffer.from(certId.issuerNameHash.valueBlock.valueHexView)) &&
    keyHash.equals(Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView))
  );
}

/** CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }. */
function certStatus(status: CertificateStatus): asn1js.BaseBlock {
  switch (status.status) {
    case 'good':
      return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
    case 'unknown':
      return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
    case 'revoked':
      return new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [
          new asn1js.GeneralizedTime({ valueDate: wholeSeconds(status.revokedAt) }),
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 0 },
            value: [new asn1js.Enumerated({ value: REVOCATION_REASONS[status.reason] })],
          }),
        ],
      });
  }
}

/**
 * GeneralizedTime without fractional seconds (RFC 5280 4.1.2.5.2, which RFC 6960 follows): NSS
 * refuses an answer whose times carry milliseconds as corrupted.
 */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function statusOnly(responseStatus: number): Buffer {
  return Buffer.from(new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: responseStatus }) }).toSchema().toBER(false));
}
