import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, PageQuery, type Principal } from '@amtsweg/platform';
import { MessagingRoute } from '../../http/messaging-route';
import { ConversationPage } from '../conversation.response.dto';
import { ListConversationsHandler } from './list-conversations.handler';

class ListConversationsQuery extends PageQuery() {}

@MessagingRoute('conversations')
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
