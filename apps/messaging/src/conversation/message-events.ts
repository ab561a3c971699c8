import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ConversationReadV1,
  MessageDeletedV1,
  MessageEditedV1,
  MessagePostedV1,
  MessageReactedV1,
  type EventContract,
  type MessageEvent,
} from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { ConversationRepository } from './conversation.repository';

/** Which message of which conversation changed, by whom. */
export interface MessageChange {
  tenant: string;
  conversationId: string;
  messageId: string;
  authorId: string;
}

/**
 * What others must see at once, appended to the outbox in the transaction of the change. Ids only:
 * every messaging instance reads the message from its database and fans it out to the members it
 * has connected (LiveFanout), so the events name the members to spare it a lookup.
 */
@Injectable()
export class MessageEvents {
  constructor(
    private readonly outbox: Outbox,
    private readonly conversations: ConversationRepository,
  ) {}

  posted(manager: EntityManager, change: MessageChange): Promise<void> {
    return this.announce(manager, MessagePostedV1, change);
  }

  edited(manager: EntityManager, change: MessageChange): Promise<void> {
    return this.announce(manager, MessageEditedV1, change);
  }

  deleted(manager: EntityManager, change: MessageChange): Promise<void> {
    return this.announce(manager, MessageDeletedV1, change);
  }

  /** Members see the new counts at once. */
  reacted(manager: EntityManager, change: MessageChange): Promise<void> {
    return this.announce(manager, MessageReactedV1, change);
  }

  /** The reader's other connections update their unread count. */
  async read(manager: EntityManager, read: { tenant: string; conversationId: string; userId: string }): Promise<void> {
    await this.outbox.append(
      manager,
      ConversationReadV1,
      { tenant: read.tenant, conversationId: read.conversationId, userId: read.userId },
      { subject: read.conversationId, tenantId: read.tenant },
    );
  }

  private async announce(manager: EntityManager, contract: EventContract<MessageEvent>, change: MessageChange): Promise<void> {
    const data = Object.assign(new contract(), {
      tenant: change.tenant,
      conversationId: change.conversationId,
      messageId: change.messageId,
      authorId: change.authorId,
      memberIds: await this.conversations.memberIds(manager, change.conversationId),
    });
    await this.outbox.append(manager, contract, data, { subject: change.conversationId, tenantId: change.tenant });
  }
}
