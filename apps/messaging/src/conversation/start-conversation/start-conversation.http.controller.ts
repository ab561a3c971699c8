import { Body, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { ConversationResponse } from '../conversation.response.dto';
import { StartConversationHandler, type StartConversation } from './start-conversation.handler';
import { StartConversationRequest } from './start-conversation.request.dto';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class StartConversationHttpController {
  constructor(private readonly handler: StartConversationHandler) {}

  @Post()
  @ApiOperation({
    summary: 'Start a direct conversation (the same pair gets the same one back: 200) or a group (201)',
    description: 'Members must be users of the same municipality (422 otherwise).',
  })
  @ApiCreatedResponse({ type: ConversationResponse })
  @ApiOkResponse({ type: ConversationResponse, description: 'The existing direct conversation of this pair' })
  @ApiUnprocessableEntityResponse({ type: ProblemResponse })
  async start(
    @CurrentPrincipal() caller: Principal,
    @Body() body: StartConversationRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversationResponse> {
    const { conversation, created } = await this.handler.execute(caller, startOf(body));
    response.status(created ? 201 : 200);
    return conversation;
  }
}

/** The validated request as the use case takes it (`ValidateIf` has required the fields of its kind). */
function startOf(body: StartConversationRequest): StartConversation {
  return body.kind === 'direct'
    ? { kind: 'direct', memberId: body.memberId! }
    : { kind: 'group', name: body.name!, memberIds: body.memberIds! };
}
