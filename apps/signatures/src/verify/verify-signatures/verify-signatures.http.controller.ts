import { HttpCode, Param, Post, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { apiTime } from '../../http/api-time';
import { SIGNATURE_PROBLEM_CODES, type SignatureProblemCode } from '../../pades/signature-inspection';
import { UNSIGNED_CHANGE_KINDS, type UnsignedChangeKind } from '../../pades/unsigned-changes';
import { PdfUploadInterceptor } from '../../http/pdf-upload.interceptor';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { PublicVerificationGuard } from './public-verification.guard';
import { VerifySignaturesHandler } from './verify-signatures.handler';

class SignerOfSignatureView {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional({ description: 'The municipality (tenant) named in the certificate' }) organization?: string;
  @ApiPropertyOptional() userId?: string;
}

class SignatureProblemView {
  @ApiProperty({ enum: SIGNATURE_PROBLEM_CODES, enumName: 'SignatureProblemCode' }) code: SignatureProblemCode;
  @ApiProperty({ description: 'The problem in English words' }) detail: string;
}

class UnsignedChangeView {
  @ApiProperty({ description: 'The revision (1-based, in file order) that made the change' }) revision: number;
  @ApiProperty({ enum: UNSIGNED_CHANGE_KINDS, enumName: 'UnsignedChangeKind' }) kind: UnsignedChangeKind;
  @ApiPropertyOptional({ description: 'The page (1-based) whose content or annotations changed' }) page?: number;
}

class VerifiedSignatureView {
  @ApiProperty({ description: 'In the order the signatures were added' }) index: number;
  @ApiPropertyOptional({ type: SignerOfSignatureView }) signer?: SignerOfSignatureView;
  @ApiPropertyOptional({ format: 'date-time', description: 'As claimed by the signature (no trusted timestamp)' }) signedAt?: string;
  @ApiPropertyOptional({ example: 'ETSI.CAdES.detached' }) subFilter?: string;
  @ApiPropertyOptional({ example: 'SHA-256' }) digestAlgorithm?: string;
  @ApiProperty({
    description:
      'Its byte range is exactly the file around its own value, the signed bytes are unchanged, the signature verifies and the document still leads to it; later changes show as CHANGED_AFTER_SIGNING',
  })
  intact: boolean;
  @ApiProperty({ description: 'Nothing was added to the file after this signature' }) coversWholeDocument: boolean;
  @ApiProperty({
    description: "The certificate was issued by one of this municipality's signing CAs (`GET …/signatures/cas`) and valid when signing",
  })
  chainsToTenantCa: boolean;
  @ApiPropertyOptional() certificateSha256?: string;
  @ApiProperty({
    description: 'The revision (1-based) the signature signed: the one its byte range ends with, else the one holding its dictionary',
  })
  signedRevision: number;
  @ApiProperty({ type: [SignatureProblemView] }) problems: SignatureProblemView[];
}

class VerificationReportView {
  @ApiProperty() documentSha256: string;
  @ApiProperty({ description: 'At least one signature, every signature intact, and no unsigned change' }) intact: boolean;
  @ApiProperty({ type: [UnsignedChangeView], description: 'Changes made after a signature that no later-signature rule permits' })
  unsignedChanges: UnsignedChangeView[];
  @ApiProperty({ type: [VerifiedSignatureView] }) signatures: VerifiedSignatureView[];
}

@TenantRoute('signatures', { ...SIGNATURES_ROUTE, signedIn: 'per route' })
export class VerifySignaturesHttpController {
  constructor(private readonly handler: VerifySignaturesHandler) {}

  @Post('verify')
  @HttpCode(200)
  @UseGuards(PublicVerificationGuard)
  @UseInterceptors(PdfUploadInterceptor)
  @ApiOperation({
    summary:
      'Check the signatures in any PDF: signer, time, intact, whether they chain to one of this municipality’s CAs, and what was changed after signing',
    description:
      'Anyone may ask, without a sign-in: SIGNATURES_PUBLIC_VERIFY_PER_MINUTE per client address (429 `REQUEST.RATE_LIMITED` with Retry-After beyond). A bearer token, when sent, must be valid and of this municipality; its holder is not counted.',
  })
  @ApiTooManyRequestsResponse({ description: '`REQUEST.RATE_LIMITED`, with Retry-After (callers without a token)', type: ProblemResponse })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: VerificationReportView })
  async verify(@Param('tenant') tenant: string, @UploadedFile() file: Express.Multer.File | undefined): Promise<VerificationReportView> {
    const report = await this.handler.execute(tenant, file?.buffer);
    return {
      documentSha256: report.documentSha256,
      intact: report.intact,
      unsignedChanges: report.unsignedChanges,
      signatures: report.signatures.map(({ chainsToTrustedCa, signedAt, ...signature }) => ({
        ...signature,
        ...(signedAt ? { signedAt: apiTime(new Date(signedAt)) } : {}),
        chainsToTenantCa: chainsToTrustedCa,
      })),
    };
  }
}
