import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, type Principal } from '@amtsweg/platform';
import { ConversationErrors } from '../conversation';
import { requireMembership } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';
import { MessageEvents } from '../message-events';

/** Moves the caller's read mark forward to a message of the conversation (never back); their other connections update the unread count. */
@Injectable()
export class MarkConversationReadHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly events: MessageEvents,
  ) {}

  async execute(caller: Principal, conversationId: string, messageId: string): Promise<void> {
    await requireMembership(this.conversations, this.dataSource.manager, caller, conversationId);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.conversations.messageExists(manager, conversationId, messageId))) throw ConversationErrors.messageNotFound();
      await this.conversations.moveReadMark(manager, conversationId, caller.userId, messageId);
      await this.events.read(manager, { tenant: caller.tenant, conversationId, userId: caller.userId });
    });
  }
}
