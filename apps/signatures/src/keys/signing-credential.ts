import type { KeyObject } from 'node:crypto';
import type forge from 'node-forge';

/** What signing needs: the signer's private key, their certificate and the certificates above it. */
export interface SigningCredential {
  privateKey: KeyObject;
  certificate: forge.pki.Certificate;
  certificateDer: Buffer;
  /** DER of the issuing certificates, nearest first (here: the tenant CA). */
  chainDer: Buffer[];
}
