import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  dataSourceToken,
  pageOf,
  PageCursor,
  postgresTimestampKey,
  uuidKey,
  type Page,
  type PageParameters,
  type Principal,
} from '@amtsweg/platform';
import type { ConversationView } from '../conversation';
import { ConversationRepository, type ConversationPosition } from '../conversation.repository';

const CONVERSATION_CURSOR = new PageCursor<ConversationPosition>('conversations', [postgresTimestampKey, uuidKey]);

/** The caller's conversations, latest activity first, each with the caller's unread count. */
@Injectable()
export class ListConversationsHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
  ) {}

  async execute(caller: Principal, query: PageParameters): Promise<Page<ConversationView>> {
    const after = query.cursor ? CONVERSATION_CURSOR.decode(query.cursor) : undefined;
    const listed = await this.conversations.listForMember(this.dataSource.manager, caller.tenant, caller.userId, {
      after,
      limit: query.limit + 1,
    });
    const page = pageOf(listed, query.limit, (last) => CONVERSATION_CURSOR.encode(last.position));
    return { items: page.items.map((entry) => entry.conversation), nextCursor: page.nextCursor };
  }
}
