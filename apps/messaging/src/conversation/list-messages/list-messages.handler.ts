import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, type Page, type Principal } from '@amtsweg/platform';
import type { MessageView } from '../conversation';
import { requireMembership } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';
import { messagePage, type MessagePageQuery } from '../message-page';

/** The conversation's history, newest first, tombstones in their place; members only. */
@Injectable()
export class ListMessagesHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
  ) {}

  async execute(caller: Principal, conversationId: string, query: MessagePageQuery): Promise<Page<MessageView>> {
    const manager = this.dataSource.manager;
    await requireMembership(this.conversations, manager, caller, conversationId);
    return messagePage(this.conversations, manager, conversationId, caller.userId, query);
  }
}
