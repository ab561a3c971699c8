import { Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { MessagePage } from '../conversation.response.dto';
import { ListMessagesHandler } from './list-messages.handler';
import { HistoryQuery } from './list-messages.request.dto';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class ListMessagesHttpController {
  constructor(private readonly handler: ListMessagesHandler) {}

  @Get(':id/messages')
  @ApiOperation({ summary: 'History, newest first; `before` pages back' })
  @ApiOkResponse({ type: MessagePage })
  history(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string, @Query() query: HistoryQuery): Promise<MessagePage> {
    return this.handler.execute(caller, id, query);
  }
}
