import { Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { SignatureRequestPage, signatureRequestView } from '../signature-request.response.dto';
import { ListRequestsHandler } from './list-requests.handler';
import { ListRequestsQuery } from './list-requests.request.dto';

@TenantRoute('signature-requests', SIGNATURES_ROUTE)
export class ListRequestsHttpController {
  constructor(private readonly handler: ListRequestsHandler) {}

  @Get()
  @Authenticated('staff', 'clerk')
  @ApiOperation({
    summary: 'My inbox, or the requests I asked for',
    description:
      '`as=signer`: pending requests whose current step names me, and ended ones that reached me. `as=requester`: my own. Newest first.',
  })
  @ApiOkResponse({ type: SignatureRequestPage })
  @ApiForbiddenResponse({ description: 'Neither staff nor clerk', type: ProblemResponse })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRequestsQuery): Promise<SignatureRequestPage> {
    const page = await this.handler.execute(principal, query);
    return { items: page.items.map((request) => signatureRequestView(request, principal.userId)), nextCursor: page.nextCursor };
  }
}
