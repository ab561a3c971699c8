import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { SignatureRequestView, signatureRequestView } from '../signature-request.response.dto';
import { GetRequestHandler } from './get-request.handler';

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class GetRequestHttpController {
  constructor(private readonly handler: GetRequestHandler) {}

  @Get(':id')
  @Authenticated('staff', 'clerk')
  @ApiOperation({ summary: 'A request, for its requester and its signers (others: 404)' })
  @ApiOkResponse({ type: SignatureRequestView })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<SignatureRequestView> {
    return signatureRequestView(await this.handler.execute(principal, id), principal.userId);
  }
}
