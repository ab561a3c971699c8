import { Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { MessagePage } from '../conversation.response.dto';
import { SearchMessagesHandler } from './search-messages.handler';
import { SearchQuery } from './search-messages.request.dto';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class SearchMessagesHttpController {
  constructor(private readonly handler: SearchMessagesHandler) {}

  @Get(':id/search')
  @ApiOperation({ summary: "Full-text search (German) in the conversation's messages, newest first" })
  @ApiOkResponse({ type: MessagePage })
  search(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string, @Query() query: SearchQuery): Promise<MessagePage> {
    return this.handler.execute(caller, id, query);
  }
}
