import { HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { SignatureRequestView, signatureRequestView } from '../signature-request.response.dto';
import { WithdrawRequestHandler } from './withdraw-request.handler';

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class WithdrawRequestHttpController {
  constructor(private readonly handler: WithdrawRequestHandler) {}

  @Post(':id/withdraw')
  @HttpCode(200)
  @Authenticated('staff', 'clerk')
  @ApiOperation({ summary: 'Take the request back (requester only)' })
  @ApiOkResponse({ type: SignatureRequestView })
  @ApiForbiddenResponse({ description: '`SIGNATURE.NOT_REQUESTER`', type: ProblemResponse })
  @ApiConflictResponse({ description: '`SIGNATURE.REQUEST_NOT_PENDING`', type: ProblemResponse })
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<SignatureRequestView> {
    return signatureRequestView(await this.handler.execute(principal, id), principal.userId);
  }
}
