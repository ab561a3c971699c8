import { Body, Param, Patch } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { MessageResponse } from '../conversation.response.dto';
import { MessageRequest } from '../message.request.dto';
import { EditMessageHandler } from './edit-message.handler';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class EditMessageHttpController {
  constructor(private readonly handler: EditMessageHandler) {}

  @Patch(':id/messages/:messageId')
  @ApiOperation({ summary: 'Edit my message within 15 minutes of posting' })
  @ApiOkResponse({ type: MessageResponse })
  @ApiForbiddenResponse({ description: 'Not the author', type: ProblemResponse })
  @ApiConflictResponse({ description: 'Edit window closed, or deleted', type: ProblemResponse })
  edit(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Param('messageId', UuidPipe) messageId: string,
    @Body() body: MessageRequest,
  ): Promise<MessageResponse> {
    return this.handler.execute(caller, id, messageId, body.body);
  }
}
