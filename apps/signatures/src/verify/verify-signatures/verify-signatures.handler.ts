import { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SigningKeys } from '../../keys/signing-keys';
import type { DocumentVerification } from '../../pades/document-verification';
import { PdfWork } from '../../pdf-work/pdf-work';

export interface VerificationReport extends DocumentVerification {
  documentSha256: string;
}

/** Any PDF, from anywhere: what signatures it carries and what holds of each. Writes nothing. */
@Injectable()
export class VerifySignaturesHandler {
  constructor(
    private readonly keys: SigningKeys,
    private readonly pdfWork: PdfWork,
  ) {}

  async execute(tenant: string, file: Buffer | undefined): Promise<VerificationReport> {
    const pdf = await this.pdfWork.readUploadedPdf(file);
    const trusted = (await this.keys.caCertificates(tenant)).map((ca) => new X509Certificate(ca.certificateDer));
    return { documentSha256: pdf.sha256, ...(await this.pdfWork.verifyDocument(pdf.bytes, trusted)) };
  }
}
