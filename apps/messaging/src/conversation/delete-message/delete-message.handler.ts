import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, type Principal } from '@amtsweg/platform';
import { assertMayDelete, ConversationErrors } from '../conversation';
import { requireMembership } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';
import { MessageEvents } from '../message-events';

/** The author deletes their message: a tombstone keeps its place in the history, without its text. */
@Injectable()
export class DeleteMessageHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly events: MessageEvents,
  ) {}

  async execute(caller: Principal, conversationId: string, messageId: string): Promise<void> {
    await requireMembership(this.conversations, this.dataSource.manager, caller, conversationId);
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.conversations.lockMessage(manager, conversationId, messageId);
      if (!locked) throw ConversationErrors.messageNotFound();
      assertMayDelete(locked.message, caller.userId);
      await this.conversations.tombstone(manager, messageId);
      await this.events.deleted(manager, { tenant: caller.tenant, conversationId, messageId, authorId: locked.message.authorId });
    });
  }
}
