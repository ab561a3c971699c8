import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { MarkConversationReadHandler } from './mark-conversation-read.handler';
import { MarkReadRequest } from './mark-conversation-read.request.dto';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class MarkConversationReadHttpController {
  constructor(private readonly handler: MarkConversationReadHandler) {}

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark the conversation read up to a message (the mark never moves back)' })
  @ApiNoContentResponse()
  async markRead(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string, @Body() body: MarkReadRequest): Promise<void> {
    await this.handler.execute(caller, id, body.messageId.toLowerCase());
  }
}
