import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { messagingRoute } from '../../http/messaging-route';
import { ConversationResponse } from '../conversation.response.dto';
import { AddGroupMembersHandler } from './add-group-members.handler';
import { AddMembersRequest } from './add-group-members.request.dto';

@TenantRoute('conversations', messagingRoute())
@Authenticated()
export class AddGroupMembersHttpController {
  constructor(private readonly handler: AddGroupMembersHandler) {}

  @Post(':id/members')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add members to a group (its creator only)' })
  @ApiOkResponse({ type: ConversationResponse })
  @ApiForbiddenResponse({ description: "Not the group's creator", type: ProblemResponse })
  @ApiConflictResponse({ description: 'Not a group', type: ProblemResponse })
  addMembers(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: AddMembersRequest,
  ): Promise<ConversationResponse> {
    return this.handler.execute(caller, id, body.userIds);
  }
}
