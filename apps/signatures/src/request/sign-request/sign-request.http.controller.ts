import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { SignatureRequestView, signatureRequestView } from '../signature-request.response.dto';
import { SignRequestHandler } from './sign-request.handler';
import { SignRequestBody } from './sign-request.request.dto';

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class SignRequestHttpController {
  constructor(private readonly handler: SignRequestHandler) {}

  @Post(':id/sign')
  @HttpCode(200)
  @Authenticated('staff', 'clerk')
  @ApiOperation({
    summary: 'Sign the document (PAdES, with my certificate from the municipality’s CA)',
    description: 'Only the named signers of the current step, each once. With a second factor set up, `otp` is required.',
  })
  @ApiOkResponse({ type: SignatureRequestView })
  @ApiForbiddenResponse({
    description:
      '`SIGNATURE.NOT_A_SIGNER`, `SIGNATURE.NOT_YOUR_TURN`, `SIGNATURE.SECOND_FACTOR_REQUIRED`, `SIGNATURE.SECOND_FACTOR_INVALID`',
    type: ProblemResponse,
  })
  @ApiConflictResponse({ description: '`SIGNATURE.ALREADY_SIGNED`, `SIGNATURE.REQUEST_NOT_PENDING`', type: ProblemResponse })
  @ApiTooManyRequestsResponse({ description: '`SIGNATURE.SECOND_FACTOR_LOCKED` after repeated wrong codes', type: ProblemResponse })
  async sign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: SignRequestBody,
  ): Promise<SignatureRequestView> {
    return signatureRequestView(await this.handler.execute(principal, id, body.otp), principal.userId);
  }
}
