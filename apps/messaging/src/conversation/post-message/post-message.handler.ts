import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, newId, type Principal } from '@amtsweg/platform';
import { assertMessageBody, type MessageView } from '../conversation';
import { requireMembership } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';
import { MessageEvents } from '../message-events';

/** A member writes to the conversation; the others get it at once on their live stream. */
@Injectable()
export class PostMessageHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly events: MessageEvents,
  ) {}

  async execute(caller: Principal, conversationId: string, body: string): Promise<MessageView> {
    assertMessageBody(body);
    await requireMembership(this.conversations, this.dataSource.manager, caller, conversationId);
    const id = newId();
    return this.dataSource.transaction(async (manager) => {
      const message = await this.conversations.insertMessage(manager, {
        id,
        tenant: caller.tenant,
        conversationId,
        authorId: caller.userId,
        body,
      });
      await this.events.posted(manager, { tenant: caller.tenant, conversationId, messageId: id, authorId: caller.userId });
      return message;
    });
  }
}
