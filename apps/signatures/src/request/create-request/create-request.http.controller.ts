import { Body, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { PdfUploadInterceptor } from '../../http/pdf-upload.interceptor';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { SignatureRequestView, signatureRequestView } from '../signature-request.response.dto';
import { CreateSignatureRequestHandler } from './create-request.handler';
import { CreateRequestFields } from './create-request.request.dto';

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class CreateRequestHttpController {
  constructor(private readonly handler: CreateSignatureRequestHandler) {}

  @Post()
  @Authenticated('staff', 'clerk')
  @UseInterceptors(PdfUploadInterceptor)
  @ApiOperation({
    summary: 'Ask colleagues to sign a PDF',
    description: 'Steps run in order; the signers of a step sign in parallel. Signers are users of the same municipality.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'title', 'steps', 'dueAt'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The PDF, at most 20 MB, unencrypted, unsigned' },
        title: { type: 'string' },
        steps: { type: 'string', example: '[["clerk@demo.example"],["staff@demo.example","admin@demo.example"]]' },
        dueAt: { type: 'string', format: 'date-time' },
      },
    },
  })
  @ApiCreatedResponse({ type: SignatureRequestView })
  @ApiPayloadTooLargeResponse({ description: '`SIGNATURE.DOCUMENT_TOO_LARGE`', type: ProblemResponse })
  @ApiUnsupportedMediaTypeResponse({ description: '`SIGNATURE.NOT_A_PDF`, or not multipart', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({
    description: 'Encrypted, unreadable or already signed PDF; unknown signer; due date in the past',
    type: ProblemResponse,
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() fields: CreateRequestFields,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<SignatureRequestView> {
    const request = await this.handler.fromUpload(principal, fields, file?.buffer);
    return signatureRequestView(request, principal.userId);
  }
}
