import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../messaging.database';
import { REACTIONS, type CaseKind, type ConversationView, type MessageState, type MessageView, type ReactionName } from './conversation';

interface ConversationRow {
  id: string;
  kind: ConversationView['kind'];
  name: string | null;
  case_kind: CaseKind | null;
  case_id: string | null;
  created_by: string;
  created_at: Date | string;
  last_activity_at: Date | string;
  activity_key: string;
  member_ids: string[] | string;
  unread_count: number;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  author_id: string;
  body: string | null;
  created_at: Date | string;
  edited_at: Date | string | null;
  deleted_at: Date | string | null;
}

/** Who gave which reaction to which message. */
export type ReactionsGiven = Array<{ messageId: string; name: ReactionName; userIds: string[] }>;

/** The message with its reactions as `viewerId` sees them, in the order of REACTIONS. */
export function reactionsFor(message: MessageView, given: ReactionsGiven, viewerId: string): MessageView {
  return {
    ...message,
    reactions: given
      .filter((reaction) => reaction.messageId === message.id)
      .sort((a, b) => REACTIONS.indexOf(a.name) - REACTIONS.indexOf(b.name))
      .map((reaction) => ({ name: reaction.name, count: reaction.userIds.length, mine: reaction.userIds.includes(viewerId) })),
  };
}

/** Where a conversation stands in a member's list: its last activity as PostgreSQL writes it (microseconds kept), then its id. */
export type ConversationPosition = [activityKey: string, id: string];

export interface ListedConversation {
  conversation: ConversationView;
  position: ConversationPosition;
}

/** `m` is the member's row: unread are others' undeleted messages after their read mark. */
const UNREAD = `(SELECT count(*)::int FROM messaging.message msg
                  WHERE msg.conversation_id = m.conversation_id AND msg.deleted_at IS NULL AND msg.author_id <> m.user_id
                    AND (m.last_read_message_id IS NULL OR msg.id > m.last_read_message_id))`;

/**
 * A conversation's last activity: its newest message's time, else when it was opened (the stored
 * column). Derived on read, not written with every post: an UPDATE of the conversation row in the
 * post's transaction makes all posts to one conversation wait for each other's commit (measured on
 * PostgreSQL: ~250 instead of ~1,000 transactions/s in one conversation). The subquery reads one
 * entry of `message_history_idx`.
 */
const LAST_ACTIVITY = `GREATEST(c.last_activity_at,
  (SELECT newest.created_at FROM messaging.message newest WHERE newest.conversation_id = c.id ORDER BY newest.id DESC LIMIT 1))`;

const CONVERSATION_COLUMNS = `c.id, c.kind, c.name, c.case_kind, c.case_id, c.created_by, c.created_at, ${LAST_ACTIVITY} AS last_activity_at,
  (${LAST_ACTIVITY})::text AS activity_key,
  (SELECT json_agg(cm.user_id ORDER BY cm.joined_at, cm.user_id) FROM messaging.conversation_member cm WHERE cm.conversation_id = c.id) AS member_ids,
  ${UNREAD} AS unread_count`;

/** The caller's membership row joined as `m`: a conversation appears only to its members. */
const FOR_MEMBER = 'messaging.conversation c JOIN messaging.conversation_member m ON m.conversation_id = c.id AND m.user_id';

const MESSAGE_COLUMNS = 'id, conversation_id, author_id, body, created_at, edited_at, deleted_at';

/**
 * Conversations, their members and messages, in raw SQL. Every method takes the caller's
 * EntityManager: inside a transaction, every query must go through it. Every statement names the
 * schema (the embedded database has no per-service search_path).
 */
@Injectable()
export class ConversationRepository {
  /** False when the pair's direct conversation exists already (`direct_key` is unique per tenant). */
  async insertDirect(
    manager: EntityManager,
    conversation: { id: string; tenant: string; createdBy: string; directKey: string },
  ): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO messaging.conversation (id, tenant, kind, name, created_by, direct_key, created_at, last_activity_at)
       VALUES ($1, $2, 'direct', NULL, $3, $4, now(), now()) ON CONFLICT DO NOTHING RETURNING id`,
      [conversation.id, conversation.tenant, conversation.createdBy, conversation.directKey],
    );
    return inserted.length > 0;
  }

  async findDirectId(manager: EntityManager, tenant: string, directKey: string): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await manager.query(
      'SELECT id FROM messaging.conversation WHERE tenant = $1 AND direct_key = $2',
      [tenant, directKey],
    );
    return row?.id;
  }

  async insertGroup(manager: EntityManager, conversation: { id: string; tenant: string; name: string; createdBy: string }): Promise<void> {
    await manager.query(
      `INSERT INTO messaging.conversation (id, tenant, kind, name, created_by, created_at, last_activity_at) VALUES ($1, $2, 'group', $3, $4, now(), now())`,
      [conversation.id, conversation.tenant, conversation.name, conversation.createdBy],
    );
  }

  /** False when the case's thread exists already (one per case). */
  async insertCase(
    manager: EntityManager,
    conversation: { id: string; tenant: string; kase: { kind: CaseKind; id: string }; name: string; createdBy: string },
  ): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO messaging.conversation (id, tenant, kind, name, created_by, case_kind, case_id, created_at, last_activity_at)
       VALUES ($1, $2, 'case', $3, $4, $5, $6, now(), now()) ON CONFLICT DO NOTHING RETURNING id`,
      [conversation.id, conversation.tenant, conversation.name, conversation.createdBy, conversation.kase.kind, conversation.kase.id],
    );
    return inserted.length > 0;
  }

  /** Members already present stay as they are (joined when they joined). */
  async addMembers(manager: EntityManager, tenant: string, conversationId: string, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) {
      await manager.query(
        `INSERT INTO messaging.conversation_member (conversation_id, user_id, tenant, joined_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING`,
        [conversationId, userId, tenant],
      );
    }
  }

  /** The conversation as this member sees it (with their unread count); undefined for anyone else. */
  async findForMember(
    manager: EntityManager,
    tenant: string,
    conversationId: string,
    userId: string,
  ): Promise<ConversationView | undefined> {
    const [row]: ConversationRow[] = await manager.query(
      `SELECT ${CONVERSATION_COLUMNS} FROM ${FOR_MEMBER} = $3 WHERE c.id = $1 AND c.tenant = $2`,
      [conversationId, tenant, userId],
    );
    return row ? conversationView(row) : undefined;
  }

  /** The member's conversations, latest activity first, after `after` when given. */
  async listForMember(
    manager: EntityManager,
    tenant: string,
    userId: string,
    options: { after?: ConversationPosition; limit: number },
  ): Promise<ListedConversation[]> {
    const params: unknown[] = [tenant, userId, options.limit];
    let after = '';
    if (options.after) {
      params.push(...options.after);
      after = `AND (${LAST_ACTIVITY}, c.id) < ($4::timestamptz, $5::uuid)`;
    }
    const rows: ConversationRow[] = await manager.query(
      `SELECT ${CONVERSATION_COLUMNS} FROM ${FOR_MEMBER} = $2
        WHERE c.tenant = $1 ${after}
        ORDER BY ${LAST_ACTIVITY} DESC, c.id DESC LIMIT $3`,
      params,
    );
    return rows.map((row) => ({ conversation: conversationView(row), position: [row.activity_key, row.id] }));
  }

  /** Cheaper than `findForMember` (no member list, no unread count, which reads every unread message). */
  async isMember(manager: EntityManager, tenant: string, conversationId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM messaging.conversation_member m JOIN messaging.conversation c ON c.id = m.conversation_id
        WHERE m.conversation_id = $1 AND m.user_id = $2 AND c.tenant = $3`,
      [conversationId, userId, tenant],
    );
    return rows.length > 0;
  }

  async memberIds(manager: EntityManager, conversationId: string): Promise<string[]> {
    const members: Array<{ user_id: string }> = await manager.query(
      'SELECT user_id FROM messaging.conversation_member WHERE conversation_id = $1 ORDER BY user_id',
      [conversationId],
    );
    return members.map((member) => member.user_id);
  }

  /** The member's unread count; undefined when they do not (or no longer) belong to the conversation. */
  async unreadCount(manager: EntityManager, tenant: string, userId: string, conversationId: string): Promise<number | undefined> {
    const [row]: Array<{ unread_count: number }> = await manager.query(
      `SELECT ${UNREAD} AS unread_count FROM messaging.conversation_member m JOIN messaging.conversation c ON c.id = m.conversation_id
        WHERE m.conversation_id = $1 AND m.user_id = $2 AND c.tenant = $3`,
      [conversationId, userId, tenant],
    );
    return row ? Number(row.unread_count) : undefined;
  }

  /** Moves the member's read mark forward to `messageId`, never back (ids are UUIDv7: id order is posting order). */
  async moveReadMark(manager: EntityManager, conversationId: string, userId: string, messageId: string): Promise<void> {
    await manager.query(
      `UPDATE messaging.conversation_member SET last_read_message_id = $3
        WHERE conversation_id = $1 AND user_id = $2 AND (last_read_message_id IS NULL OR last_read_message_id < $3)`,
      [conversationId, userId, messageId],
    );
  }

  async insertMessage(
    manager: EntityManager,
    message: { id: string; tenant: string; conversationId: string; authorId: string; body: string },
  ): Promise<MessageView> {
    const [row]: MessageRow[] = await manager.query(
      `INSERT INTO messaging.message (id, tenant, conversation_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING ${MESSAGE_COLUMNS}`,
      [message.id, message.tenant, message.conversationId, message.authorId, message.body],
    );
    return messageView(row);
  }

  /**
   * The conversation's messages, newest first (ids are UUIDv7: id order is posting order), older
   * than `before` when given; with `matching`, only those a German full-text search finds.
   */
  async messages(
    manager: EntityManager,
    conversationId: string,
    options: { before?: string; matching?: string; limit: number },
  ): Promise<MessageView[]> {
    const params: unknown[] = [conversationId, options.limit];
    const conditions = ['conversation_id = $1'];
    if (options.before) {
      params.push(options.before);
      conditions.push(`id < $${params.length}::uuid`);
    }
    if (options.matching !== undefined) {
      params.push(options.matching);
      // Same expression as the GIN index (message_search_idx), so the index serves it. A tombstone's NULL body matches nothing.
      conditions.push(`to_tsvector('german', body) @@ websearch_to_tsquery('german', $${params.length})`);
    }
    const rows: MessageRow[] = await manager.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messaging.message WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT $2`,
      params,
    );
    return rows.map(messageView);
  }

  /** A message by id within a tenant, whichever conversation it is in. */
  async findMessage(manager: EntityManager, tenant: string, messageId: string): Promise<MessageView | undefined> {
    const [row]: MessageRow[] = await manager.query(`SELECT ${MESSAGE_COLUMNS} FROM messaging.message WHERE id = $1 AND tenant = $2`, [
      messageId,
      tenant,
    ]);
    return row ? messageView(row) : undefined;
  }

  async messageExists(manager: EntityManager, conversationId: string, messageId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM messaging.message WHERE id = $1 AND conversation_id = $2', [
      messageId,
      conversationId,
    ]);
    return rows.length > 0;
  }

  /**
   * Locks the message of the conversation until the transaction ends, so that an edit and a delete
   * of it never interleave. `now` is the database's transaction time: the clock that stamped
   * `created_at`, and that the UPDATE will stamp `edited_at` or `deleted_at` with.
   */
  async lockMessage(
    manager: EntityManager,
    conversationId: string,
    messageId: string,
  ): Promise<{ message: MessageState; now: Date } | undefined> {
    const [row]: Array<Pick<MessageRow, 'author_id' | 'created_at' | 'deleted_at'> & { now: Date | string }> = await manager.query(
      `SELECT author_id, created_at, deleted_at, now() AS now FROM messaging.message WHERE id = $1 AND conversation_id = $2 FOR UPDATE`,
      [messageId, conversationId],
    );
    if (!row) return undefined;
    return {
      message: {
        authorId: row.author_id,
        createdAt: new Date(row.created_at),
        deletedAt: row.deleted_at ? new Date(row.deleted_at) : null,
      },
      now: new Date(row.now),
    };
  }

  async editMessage(manager: EntityManager, messageId: string, body: string): Promise<MessageView> {
    const [row] = rowsOf<MessageRow>(
      await manager.query(`UPDATE messaging.message SET body = $2, edited_at = now() WHERE id = $1 RETURNING ${MESSAGE_COLUMNS}`, [
        messageId,
        body,
      ]),
    );
    return messageView(row);
  }

  /** False when the person had given this reaction already (reacting is idempotent). */
  async addReaction(
    manager: EntityManager,
    reaction: { tenant: string; messageId: string; userId: string; name: ReactionName },
  ): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO messaging.message_reaction (message_id, user_id, reaction, tenant, created_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [reaction.messageId, reaction.userId, reaction.name, reaction.tenant],
    );
    return inserted.length > 0;
  }

  /** False when the person had not given this reaction. */
  async removeReaction(manager: EntityManager, reaction: { messageId: string; userId: string; name: ReactionName }): Promise<boolean> {
    const removed: unknown[] = await manager.query(
      'DELETE FROM messaging.message_reaction WHERE message_id = $1 AND user_id = $2 AND reaction = $3 RETURNING message_id',
      [reaction.messageId, reaction.userId, reaction.name],
    );
    return rowsOf(removed).length > 0;
  }

  /** The messages with their reactions as `viewerId` sees them (counts, and which are theirs); one query for the page. */
  async withReactions(manager: EntityManager, messages: MessageView[], viewerId: string): Promise<MessageView[]> {
    const given = await this.reactionsGiven(manager, messages);
    return messages.map((message) => reactionsFor(message, given, viewerId));
  }

  /** Who gave which reaction to the messages, for `reactionsFor`: one query for all viewers. */
  async reactionsGiven(manager: EntityManager, messages: readonly MessageView[]): Promise<ReactionsGiven> {
    if (messages.length === 0) return [];
    const rows: Array<{ message_id: string; reaction: ReactionName; user_ids: string[] | string }> = await manager.query(
      `SELECT message_id, reaction, json_agg(user_id) AS user_ids
         FROM messaging.message_reaction WHERE message_id = ANY($1::uuid[]) GROUP BY message_id, reaction`,
      [messages.map((message) => message.id)],
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      name: row.reaction,
      userIds: typeof row.user_ids === 'string' ? (JSON.parse(row.user_ids) as string[]) : row.user_ids,
    }));
  }

  /** The message keeps its place in the history, without its text. */
  async tombstone(manager: EntityManager, messageId: string): Promise<void> {
    await manager.query('UPDATE messaging.message SET body = NULL, deleted_at = now() WHERE id = $1', [messageId]);
    // A tombstone takes no reactions, and keeps none.
    await manager.query('DELETE FROM messaging.message_reaction WHERE message_id = $1', [messageId]);
  }
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function conversationView(row: ConversationRow): ConversationView {
  const memberIds = typeof row.member_ids === 'string' ? (JSON.parse(row.member_ids) as string[]) : row.member_ids;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    case: row.case_kind && row.case_id ? { kind: row.case_kind, id: row.case_id } : null,
    createdBy: row.created_by,
    memberIds: memberIds ?? [],
    createdAt: iso(row.created_at),
    lastActivityAt: iso(row.last_activity_at),
    unreadCount: Number(row.unread_count),
  };
}

function messageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    authorId: row.author_id,
    body: row.deleted_at ? null : row.body,
    createdAt: iso(row.created_at),
    editedAt: row.edited_at ? iso(row.edited_at) : null,
    deletedAt: row.deleted_at ? iso(row.deleted_at) : null,
    reactions: [],
  };
}
