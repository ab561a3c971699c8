import { Get, Param } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { ConversationResponse } from '../conversation.response.dto';
import { ViewConversationHandler } from './view-conversation.handler';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class ViewConversationHttpController {
  constructor(private readonly handler: ViewConversationHandler) {}

  @Get(':id')
  @ApiOkResponse({ type: ConversationResponse })
  get(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string): Promise<ConversationResponse> {
    return this.handler.execute(caller, id);
  }
}
