import { Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import type { Response } from 'express';
import { pdfResponse } from '../../http/pdf-response';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { DownloadDocumentHandler } from './download-document.handler';

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class DownloadDocumentHttpController {
  constructor(private readonly handler: DownloadDocumentHandler) {}

  @Get(':id/document')
  @Authenticated('staff', 'clerk')
  @ApiOperation({ summary: 'The PDF with the signatures made so far' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf; `ETag` is its SHA-256', schema: { type: 'string', format: 'binary' } })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { request, pdf } = await this.handler.execute(principal, id);
    return pdfResponse(response, pdf, `${request.title}.pdf`, request.documentSha256);
  }
}
