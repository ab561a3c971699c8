import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, CurrentPrincipal, type Principal, UuidPipe } from '@amtsweg/platform';
import { MessagingRoute, MessagingProblem } from '../http/messaging-route';
import { Conversations } from './conversations';
import {
  AddMembersRequest,
  HistoryQuery,
  MarkReadRequest,
  MessageRequest,
  SearchQuery,
  StartConversationRequest,
} from './conversations.request.dto';
import { PageQuery } from '../http/page-query';
import { ConversationPage, ConversationResponse, MessagePage, MessageResponse } from './conversations.response.dto';

/** Conversations and messages; members only (anyone else gets 404). Any role may use them. */
@MessagingRoute('conversations')
@Authenticated()
export class ConversationsHttpController {
  constructor(private readonly conversations: Conversations) {}

  @Get()
  @ApiOperation({ summary: 'My conversations, latest activity first, with unread counts' })
  @ApiOkResponse({ type: ConversationPage })
  list(@CurrentPrincipal() caller: Principal, @Query() query: PageQuery): Promise<ConversationPage> {
    return this.conversations.list(caller, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Start a direct conversation (the same pair gets the same one back: 200) or a group (201)',
    description: 'Members must be users of the same municipality (422 otherwise).',
  })
  @ApiCreatedResponse({ type: ConversationResponse })
  @ApiOkResponse({ type: ConversationResponse, description: 'The existing direct conversation of this pair' })
  @ApiUnprocessableEntityResponse({ type: MessagingProblem })
  async start(
    @CurrentPrincipal() caller: Principal,
    @Body() body: StartConversationRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversationResponse> {
    if (body.kind === 'direct') {
      const { conversation, created } = await this.conversations.openDirect(caller, body.memberId!);
      response.status(created ? 201 : 200);
      return conversation;
    }
    response.status(201);
    return this.conversations.createGroup(caller, body.name!, body.memberIds!);
  }

  @Get(':id')
  @ApiOkResponse({ type: ConversationResponse })
  get(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string): Promise<ConversationResponse> {
    return this.conversations.get(caller, id);
  }

  @Post(':id/members')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add members to a group (its creator only)' })
  @ApiOkResponse({ type: ConversationResponse })
  @ApiForbiddenResponse({ description: "Not the group's creator", type: MessagingProblem })
  @ApiConflictResponse({ description: 'Not a group', type: MessagingProblem })
  addMembers(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: AddMembersRequest,
  ): Promise<ConversationResponse> {
    return this.conversations.addMembers(caller, id, body.userIds);
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'History, newest first; `before` pages back' })
  @ApiOkResponse({ type: MessagePage })
  history(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string, @Query() query: HistoryQuery): Promise<MessagePage> {
    return this.conversations.history(caller, id, query);
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Post a message (1 to 10,000 characters); members get it at once on the stream' })
  @ApiCreatedResponse({ type: MessageResponse })
  post(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string, @Body() body: MessageRequest): Promise<MessageResponse> {
    return this.conversations.post(caller, id, body.body);
  }

  @Patch(':id/messages/:messageId')
  @ApiOperation({ summary: 'Edit my message within 15 minutes of posting' })
  @ApiOkResponse({ type: MessageResponse })
  @ApiForbiddenResponse({ description: 'Not the author', type: MessagingProblem })
  @ApiConflictResponse({ description: 'Edit window closed, or deleted', type: MessagingProblem })
  edit(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Param('messageId', UuidPipe) messageId: string,
    @Body() body: MessageRequest,
  ): Promise<MessageResponse> {
    return this.conversations.edit(caller, id, messageId, body.body);
  }

  @Delete(':id/messages/:messageId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete my message; a tombstone (body null) stays in the history' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Not the author', type: MessagingProblem })
  @ApiConflictResponse({ description: 'Deleted already', type: MessagingProblem })
  async remove(
    @CurrentPrincipal() caller: Principal,
    @Param('id', UuidPipe) id: string,
    @Param('messageId', UuidPipe) messageId: string,
  ): Promise<void> {
    await this.conversations.remove(caller, id, messageId);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark the conversation read up to a message (the mark never moves back)' })
  @ApiNoContentResponse()
  async markRead(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string, @Body() body: MarkReadRequest): Promise<void> {
    await this.conversations.markRead(caller, id, body.messageId.toLowerCase());
  }

  @Get(':id/search')
  @ApiOperation({ summary: "Full-text search (German) in the conversation's messages, newest first" })
  @ApiOkResponse({ type: MessagePage })
  search(@CurrentPrincipal() caller: Principal, @Param('id', UuidPipe) id: string, @Query() query: SearchQuery): Promise<MessagePage> {
    return this.conversations.search(caller, id, query);
  }
}
