import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, type Principal } from '@amtsweg/platform';
import { assertMayReact, assertReactionName, ConversationErrors } from '../conversation';
import { requireMembership } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';
import { MessageEvents } from '../message-events';

/** A member gives or takes back a reaction of the fixed set; both are idempotent. */
@Injectable()
export class ReactToMessageHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly events: MessageEvents,
  ) {}

  async react(caller: Principal, conversationId: string, messageId: string, name: string): Promise<void> {
    assertReactionName(name);
    await requireMembership(this.conversations, this.dataSource.manager, caller, conversationId);
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.conversations.lockMessage(manager, conversationId, messageId);
      if (!locked) throw ConversationErrors.messageNotFound();
      assertMayReact(locked.message);
      if (await this.conversations.addReaction(manager, { tenant: caller.tenant, messageId, userId: caller.userId, name })) {
        await this.events.reacted(manager, { tenant: caller.tenant, conversationId, messageId, authorId: locked.message.authorId });
      }
    });
  }

  /** Taking back a reaction one did not give (or from a deleted message) is no error: the reaction is gone either way. */
  async takeBack(caller: Principal, conversationId: string, messageId: string, name: string): Promise<void> {
    assertReactionName(name);
    await requireMembership(this.conversations, this.dataSource.manager, caller, conversationId);
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.conversations.lockMessage(manager, conversationId, messageId);
      if (!locked) throw ConversationErrors.messageNotFound();
      if (await this.conversations.removeReaction(manager, { messageId, userId: caller.userId, name })) {
        await this.events.reacted(manager, { tenant: caller.tenant, conversationId, messageId, authorId: locked.message.authorId });
      }
    });
  }
}
