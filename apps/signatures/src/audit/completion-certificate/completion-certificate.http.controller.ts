import { Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import type { Response } from 'express';
import { pdfResponse } from '../../http/pdf-response';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { CompletionCertificateHandler } from './completion-certificate.handler';

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class CompletionCertificateHttpController {
  constructor(private readonly handler: CompletionCertificateHandler) {}

  @Get(':id/certificate')
  @Authenticated('staff', 'clerk')
  @ApiOperation({ summary: 'Completion certificate: signers, audit trail, SHA-256 of original and final document (a separate PDF)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: '`SIGNATURE.REQUEST_NOT_COMPLETED`', type: ProblemResponse })
  async certificate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { request, pdf } = await this.handler.execute(principal, id);
    return pdfResponse(response, pdf, `Signaturnachweis ${request.title}.pdf`);
  }
}
