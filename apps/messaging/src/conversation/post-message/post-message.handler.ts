import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, newId, type Principal } from '@amtsweg/platform';
import { UserDirectory } from '../../directory/user-directory';
import { NotificationInbox } from '../../notification/inbox/notification-inbox';
import { assertMessageBody, ConversationErrors, type MessageView } from '../conversation';
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
    private readonly directory: UserDirectory,
    private readonly notifications: NotificationInbox,
  ) {}

  async execute(caller: Principal, conversationId: string, body: string, mentions: readonly string[] = []): Promise<MessageView> {
    assertMessageBody(body);
    await requireMembership(this.conversations, this.dataSource.manager, caller, conversationId);
    const mentioned = [...new Set(mentions)];
    const members = new Set(mentioned.length > 0 ? await this.conversations.memberIds(this.dataSource.manager, conversationId) : []);
    for (const userId of mentioned) {
      // A deactivated person is unknown to the directory: refused like a stranger.
      if (!members.has(userId) || !(await this.directory.find(caller.tenant, userId))) throw ConversationErrors.unknownMention(userId);
    }
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
      // A mention notifies whatever the conversation's unread state; never the author themself. No names, no text: the link leads there.
      for (const recipientId of mentioned.filter((userId) => userId !== caller.userId)) {
        await this.notifications.add(manager, {
          tenant: caller.tenant,
          recipientId,
          kind: 'conversation.mention',
          title: 'Sie wurden in einer Nachricht erwähnt',
          body: 'Öffnen Sie die Unterhaltung, um die Nachricht zu lesen.',
          link: `/arbeitsplatz/nachrichten/${conversationId}#nachricht-${id}`,
          sourceEventId: id,
        });
      }
      return message;
    });
  }
}
