import type { EntityManager } from 'typeorm';
import { pageOf, PageCursor, uuidKey, type LimitParameters, type Page } from '@amtsweg/platform';
import type { MessageView } from './conversation';
import type { ConversationRepository } from './conversation.repository';

/** The history and its search page alike: newest first, continued `before` the last message's id. */
const MESSAGE_CURSOR = new PageCursor<[string]>('messages', [uuidKey]);

export interface MessagePageQuery extends LimitParameters {
  /** The previous page's `nextCursor`. */
  before?: string;
}

/** One page of the conversation's messages; with `matching`, of those a German full-text search finds. */
export async function messagePage(
  conversations: ConversationRepository,
  manager: EntityManager,
  conversationId: string,
  viewerId: string,
  query: MessagePageQuery,
  matching?: string,
): Promise<Page<MessageView>> {
  const before = query.before ? MESSAGE_CURSOR.decode(query.before, 'before')[0] : undefined;
  const rows = await conversations.withReactions(
    manager,
    await conversations.messages(manager, conversationId, { before, matching, limit: query.limit + 1 }),
    viewerId,
  );
  return pageOf(rows, query.limit, (last) => MESSAGE_CURSOR.encode([last.id]));
}
