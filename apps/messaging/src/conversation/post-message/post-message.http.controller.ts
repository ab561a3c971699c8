import { Body, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { MessageResponse } from '../conversation.response.dto';
import { PostMessageRequest } from './post-message.request.dto';
import { PostMessageHandler } from './post-message.handler';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class PostMessageHttpController {
  constructor(private readonly handler: PostMessageHandler) {}

  @Post(':id/messages')
  @ApiOperation({
    summary: 'Post a message (1 to 10,000 characters); members get it at once on the stream, mentioned members a notification too',
  })
  @ApiCreatedResponse({ type: MessageResponse })
  post(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: PostMessageRequest,
  ): Promise<MessageResponse> {
    return this.handler.execute(caller, id, body.body, body.mentions ?? []);
  }
}
