import { HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal } from '@amtsweg/platform';
import { apiTime } from '../../http/api-time';
import { PdfUploadInterceptor } from '../../http/pdf-upload.interceptor';
import { SignaturesRoute } from '../../http/signatures-route';
import { VerifySignaturesHandler } from './verify-signatures.handler';

class SignerOfSignatureView {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional({ description: 'The municipality (tenant) named in the certificate' }) organization?: string;
  @ApiPropertyOptional() userId?: string;
}

class VerifiedSignatureView {
  @ApiProperty({ description: 'In the order the signatures were added' }) index: number;
  @ApiPropertyOptional({ type: SignerOfSignatureView }) signer?: SignerOfSignatureView;
  @ApiPropertyOptional({ format: 'date-time', description: 'As claimed by the signature (no trusted timestamp)' }) signedAt?: string;
  @ApiPropertyOptional({ example: 'ETSI.CAdES.detached' }) subFilter?: string;
  @ApiPropertyOptional({ example: 'SHA-256' }) digestAlgorithm?: string;
  @ApiProperty({ description: 'The signed bytes are unchanged and the signature verifies' }) intact: boolean;
  @ApiProperty({ description: 'Nothing was added to the file after this signature' }) coversWholeDocument: boolean;
  @ApiProperty({ description: "The certificate was issued by this municipality's signing CA and valid when signing" }) chainsToTenantCa: boolean;
  @ApiPropertyOptional() certificateSha256?: string;
  @ApiProperty({ type: [String] }) problems: string[];
}

class VerificationReportView {
  @ApiProperty() documentSha256: string;
  @ApiProperty({ type: [VerifiedSignatureView] }) signatures: VerifiedSignatureView[];
}

@SignaturesRoute('signatures')
export class VerifySignaturesHttpController {
  constructor(private readonly handler: VerifySignaturesHandler) {}

  @Post('verify')
  @HttpCode(200)
  @Authenticated('staff', 'clerk')
  @UseInterceptors(PdfUploadInterceptor)
  @ApiOperation({ summary: 'Check the signatures in any PDF: signer, time, intact, and whether they chain to this municipality’s CA' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: VerificationReportView })
  async verify(@CurrentPrincipal() principal: Principal, @UploadedFile() file: Express.Multer.File | undefined): Promise<VerificationReportView> {
    const report = await this.handler.execute(principal.tenant, file?.buffer);
    return {
      documentSha256: report.documentSha256,
      signatures: report.signatures.map(({ chainsToTrustedCa, signedAt, ...signature }) => ({
        ...signature,
        ...(signedAt ? { signedAt: apiTime(new Date(signedAt)) } : {}),
        chainsToTenantCa: chainsToTrustedCa,
      })),
    };
  }
}
