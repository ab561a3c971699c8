import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SigningKeys } from '../keys/signing-keys';
import type { DocumentSigner, PreparedSigner, SignatureContext, SignerIdentity } from './document-signer';
import { addPadesSignature } from './pades-document';

/** Advanced electronic signatures with the signer's key, certified by the tenant's own CA. */
@Injectable()
export class LocalDocumentSigner implements DocumentSigner {
  constructor(private readonly keys: SigningKeys) {}

  async prepare(signer: SignerIdentity): Promise<PreparedSigner> {
    const credential = await this.keys.credentialFor(signer);
    return {
      certificateSha256: createHash('sha256').update(credential.certificateDer).digest('hex'),
      sign: (pdf: Buffer, context: SignatureContext) =>
        addPadesSignature(pdf, credential, {
          signerName: signer.name,
          contactInfo: signer.email,
          reason: context.reason,
          location: context.location,
          signingTime: context.signingTime,
        }),
    };
  }
}
