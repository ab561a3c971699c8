import { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import forge from 'node-forge';
import { SigningKeys } from '../../keys/signing-keys';
import type { InspectedSignature } from '../../pades/signature-inspection';
import { PdfWork } from '../../pdf-work/pdf-work';

export interface VerificationReport {
  documentSha256: string;
  signatures: InspectedSignature[];
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
    const ca = await this.keys.caCertificate(tenant);
    const trusted = ca ? new X509Certificate(forge.pki.certificateToPem(ca)) : undefined;
    return { documentSha256: pdf.sha256, signatures: await this.pdfWork.inspectSignatures(pdf.bytes, trusted) };
  }
}
