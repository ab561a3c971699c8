import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SigningKeys } from '../keys/signing-keys';
import { PdfWork } from '../pdf-work/pdf-work';
import type { DocumentSigner, PreparedSigner, SignatureContext, SignerIdentity } from './document-signer';

/** Advanced electronic signatures with the signer's key, certified by the tenant's own CA. */
@Injectable()
export class LocalDocumentSigner implements DocumentSigner {
  constructor(
    private readonly keys: SigningKeys,
    private readonly pdfWork: PdfWork,
  ) {}

  async prepare(signer: SignerIdentity): Promise<PreparedSigner> {
    const credential = await this.keys.credentialFor(signer);
    return {
      certificateSha256: createHash('sha256').update(credential.certificateDer).digest('hex'),
      sign: (pdf: Buffer, context: SignatureContext) =>
        this.pdfWork.addPadesSignature(pdf, credential, {
          signerName: signer.name,
          contactInfo: signer.email,
          reason: context.reason,
          location: context.location,
          signingTime: context.signingTime,
        }),
    };
  }
}
