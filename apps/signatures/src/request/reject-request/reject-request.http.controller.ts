import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { SignatureRequestView, signatureRequestView } from '../signature-request.response.dto';
import { RejectRequestHandler } from './reject-request.handler';
import { RejectRequestBody } from './reject-request.request.dto';

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class RejectRequestHttpController {
  constructor(private readonly handler: RejectRequestHandler) {}

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated('staff', 'clerk')
  @ApiOperation({ summary: 'Refuse to sign, with a reason; the request ends as rejected' })
  @ApiOkResponse({ type: SignatureRequestView })
  @ApiForbiddenResponse({ description: '`SIGNATURE.NOT_A_SIGNER`, `SIGNATURE.NOT_YOUR_TURN`', type: ProblemResponse })
  @ApiConflictResponse({ description: '`SIGNATURE.ALREADY_SIGNED`, `SIGNATURE.REQUEST_NOT_PENDING`', type: ProblemResponse })
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: RejectRequestBody,
  ): Promise<SignatureRequestView> {
    return signatureRequestView(await this.handler.execute(principal, id, body.reason), principal.userId);
  }
}
