import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, type Principal } from '@amtsweg/platform';
import { assertMayEdit, assertMessageBody, ConversationErrors, type MessageView } from '../conversation';
import { requireMembership } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';
import { MessageEvents } from '../message-events';

/** The author corrects their message within the edit window; members see the new text at once. */
@Injectable()
export class EditMessageHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly events: MessageEvents,
  ) {}

  async execute(caller: Principal, conversationId: string, messageId: string, body: string): Promise<MessageView> {
    assertMessageBody(body);
    await requireMembership(this.conversations, this.dataSource.manager, caller, conversationId);
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.conversations.lockMessage(manager, conversationId, messageId);
      if (!locked) throw ConversationErrors.messageNotFound();
      assertMayEdit(locked.message, caller.userId, locked.now);
      const edited = await this.conversations.editMessage(manager, messageId, body);
      await this.events.edited(manager, { tenant: caller.tenant, conversationId, messageId, authorId: locked.message.authorId });
      const [withReactions] = await this.conversations.withReactions(manager, [edited], caller.userId);
      return withReactions;
    });
  }
}
