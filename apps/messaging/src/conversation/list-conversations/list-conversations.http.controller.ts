import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, PageQuery, type Principal, TenantRoute } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { ConversationPage } from '../conversation.response.dto';
import { ListConversationsHandler } from './list-conversations.handler';

class ListConversationsQuery extends PageQuery() {}

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class ListConversationsHttpController {
  constructor(private readonly handler: ListConversationsHandler) {}

  @Get()
  @ApiOperation({ summary: 'My conversations, latest activity first, with unread counts' })
  @ApiOkResponse({ type: ConversationPage })
  list(@CurrentPrincipal() caller: Principal, @Query() query: ListConversationsQuery): Promise<ConversationPage> {
    return this.handler.execute(caller, query);
  }
}
