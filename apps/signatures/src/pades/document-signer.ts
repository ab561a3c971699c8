/** Whom a signature is made for: an account of the tenant, as the certificate will name it. */
export interface SignerIdentity {
  tenant: string;
  userId: string;
  name: string;
  email: string;
}

/** What the signature dictionary says besides the signature itself. */
export interface SignatureContext {
  signingTime: Date;
  reason: string;
  location: string;
}

/**
 * Makes PAdES signatures for signers. The local implementation signs with keys from the tenant's
 * own CA (advanced signatures); a qualified remote signing service can implement the same port.
 *
 * Two phases: `prepare` does what is slow or stateful (loading or creating the key and
 * certificate, opening a remote session) once; `sign` only computes, and may run again when
 * another signer of the same step signed first (SignRequestHandler signs optimistically).
 */
export interface DocumentSigner {
  prepare(signer: SignerIdentity): Promise<PreparedSigner>;
}

export interface PreparedSigner {
  /** SHA-256 (hex) of the certificate that the signature will carry. */
  readonly certificateSha256: string;
  /** Adds this signer's signature to `pdf` as an incremental update; earlier signatures stay valid. */
  sign(pdf: Buffer, context: SignatureContext): Promise<Buffer>;
}

export const DOCUMENT_SIGNER = Symbol('DOCUMENT_SIGNER');
