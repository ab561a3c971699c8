import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ConversationReadV1,
  MessageDeletedV1,
  MessageEditedV1,
  MessagePostedV1,
  type EventContract,
  type MessageEvent,
} from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { dataSourceToken, DomainError, newId, type Principal } from '@amtsweg/platform';
import { UserDirectory } from '../directory/user-directory';
import { decodeCursor, encodeCursor } from '../http/messaging-route';
import { rowsOf } from '../notification/inbox/notification-inbox';
import { directKey, EDIT_WINDOW_MINUTES, MAX_MESSAGE_CHARS, type CaseKind, type ConversationView, type MessageView } from './conversation';

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

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

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

const MESSAGE_COLUMNS = 'id, conversation_id, author_id, body, created_at, edited_at, deleted_at';

const notFound = () => DomainError.notFound('CONVERSATION.NOT_FOUND', 'No such conversation.');
const messageNotFound = () => DomainError.notFound('MESSAGE.NOT_FOUND', 'No such message in this conversation.');

/**
 * Conversations and their messages. Only members see a conversation (anyone else: 404, as if it
 * did not exist); every change that others must see at once appends an ids-only event to the
 * outbox in the same transaction, which every messaging instance fans out to its clients.
 */
@Injectable()
export class Conversations {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly directory: UserDirectory,
  ) {}

  /** The pair's direct conversation; `created` false when it existed already. */
  async openDirect(caller: Principal, otherUserId: string): Promise<{ conversation: ConversationView; created: boolean }> {
    if (otherUserId === caller.userId) {
      throw DomainError.unprocessable('CONVERSATION.SELF', 'A direct conversation needs another person.', [
        { field: 'memberId', message: 'must not be yourself' },
      ]);
    }
    await this.requireUsers(caller.tenant, [otherUserId], 'memberId');
    const key = directKey(caller.userId, otherUserId);
    const created = await this.dataSource.transaction(async (manager) => {
      const id = newId();
      const inserted: unknown[] = await manager.query(
        `INSERT INTO messaging.conversation (id, tenant, kind, name, created_by, direct_key, created_at, last_activity_at)
         VALUES ($1, $2, 'direct', NULL, $3, $4, now(), now()) ON CONFLICT DO NOTHING RETURNING id`,
        [id, caller.tenant, caller.userId, key],
      );
      if (inserted.length === 0) return false;
      await this.insertMembers(manager, caller.tenant, id, [caller.userId, otherUserId]);
      return true;
    });
    const [row]: Array<{ id: string }> = await this.dataSource.query(
      'SELECT id FROM messaging.conversation WHERE tenant = $1 AND direct_key = $2',
      [caller.tenant, key],
    );
    return { conversation: await this.get(caller, row.id), created };
  }

  async createGroup(caller: Principal, name: string, memberIds: string[]): Promise<ConversationView> {
    const members = [...new Set([caller.userId, ...memberIds])];
    await this.requireUsers(
      caller.tenant,
      members.filter((m) => m !== caller.userId),
      'memberIds',
    );
    const id = newId();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO messaging.conversation (id, tenant, kind, name, created_by, created_at, last_activity_at) VALUES ($1, $2, 'group', $3, $4, now(), now())`,
        [id, caller.tenant, name.trim(), caller.userId],
      );
      await this.insertMembers(manager, caller.tenant, id, members);
    });
    return this.get(caller, id);
  }

  /**
   * A case's thread, opened by the event that started the case (in the consumer's transaction).
   * Members are taken as the producing service names them. False when it was opened before.
   */
  async openCase(
    manager: EntityManager,
    tenant: string,
    kase: { kind: CaseKind; id: string },
    name: string,
    createdBy: string,
    memberIds: string[],
  ): Promise<boolean> {
    const id = newId();
    const inserted: unknown[] = await manager.query(
      `INSERT INTO messaging.conversation (id, tenant, kind, name, created_by, case_kind, case_id, created_at, last_activity_at)
       VALUES ($1, $2, 'case', $3, $4, $5, $6, now(), now()) ON CONFLICT DO NOTHING RETURNING id`,
      [id, tenant, name, createdBy, kase.kind, kase.id],
    );
    if (inserted.length === 0) return false;
    await this.insertMembers(manager, tenant, id, [...new Set([createdBy, ...memberIds])]);
    return true;
  }

  /** The caller's conversations, latest activity first. */
  async list(caller: Principal, query: { limit?: number; cursor?: string }): Promise<Page<ConversationView>> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [caller.tenant, caller.userId, limit + 1];
    let after = '';
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, 2);
      if (!cursor) throw badCursor();
      params.push(cursor[0], cursor[1]);
      after = `AND (${LAST_ACTIVITY}, c.id) < ($4::timestamptz, $5::uuid)`;
    }
    const rows: ConversationRow[] = await this.dataSource.query(
      `SELECT ${CONVERSATION_COLUMNS}
         FROM messaging.conversation c JOIN messaging.conversation_member m ON m.conversation_id = c.id AND m.user_id = $2
        WHERE c.tenant = $1 ${after}
        ORDER BY ${LAST_ACTIVITY} DESC, c.id DESC LIMIT $3`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(conversationView), nextCursor: rows.length > limit ? encodeCursor([last.activity_key, last.id]) : null };
  }

  async get(caller: Principal, id: string): Promise<ConversationView> {
    const [row]: ConversationRow[] = await this.dataSource.query(
      `SELECT ${CONVERSATION_COLUMNS}
         FROM messaging.conversation c JOIN messaging.conversation_member m ON m.conversation_id = c.id AND m.user_id = $3
        WHERE c.id = $1 AND c.tenant = $2`,
      [id, caller.tenant, caller.userId],
    );
    if (!row) throw notFound();
    return conversationView(row);
  }

  /**
   * 404 unless the caller belongs to the conversation. Cheaper than `get` (no member list, no unread
   * count, which reads every unread message): every post, read and search starts with it.
   */
  private async requireMember(caller: Principal, conversationId: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM messaging.conversation_member m JOIN messaging.conversation c ON c.id = m.conversation_id
        WHERE m.conversation_id = $1 AND m.user_id = $2 AND c.tenant = $3`,
      [conversationId, caller.userId, caller.tenant],
    );
    if (rows.length === 0) throw notFound();
  }

  /** Only a group's creator adds members; already present ones are fine. */
  async addMembers(caller: Principal, id: string, userIds: string[]): Promise<ConversationView> {
    const conversation = await this.get(caller, id);
    if (conversation.kind !== 'group')
      throw DomainError.conflict('CONVERSATION.NOT_A_GROUP', 'Members can be added to group conversations only.');
    if (conversation.createdBy !== caller.userId)
      throw DomainError.forbidden('CONVERSATION.NOT_CREATOR', "Only the group's creator manages its members.");
    await this.requireUsers(caller.tenant, userIds, 'userIds');
    await this.dataSource.transaction((manager) => this.insertMembers(manager, caller.tenant, id, userIds));
    return this.get(caller, id);
  }

  async post(caller: Principal, conversationId: string, body: string): Promise<MessageView> {
    checkBody(body);
    await this.requireMember(caller, conversationId);
    const id = newId();
    return this.dataSource.transaction(async (manager) => {
      const [row]: MessageRow[] = await manager.query(
        `INSERT INTO messaging.message (id, tenant, conversation_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING ${MESSAGE_COLUMNS}`,
        [id, caller.tenant, conversationId, caller.userId, body],
      );
      await this.announce(manager, MessagePostedV1, caller, conversationId, id, caller.userId);
      return messageView(row);
    });
  }

  /** Newest first; `before` is a message id (the previous page's `nextCursor`). */
  async history(caller: Principal, conversationId: string, query: { before?: string; limit?: number }): Promise<Page<MessageView>> {
    await this.requireMember(caller, conversationId);
    return this.messagesWhere(conversationId, query, '', []);
  }

  /** German full-text search over the conversation's (undeleted) messages, newest first. */
  async search(
    caller: Principal,
    conversationId: string,
    query: { q: string; before?: string; limit?: number },
  ): Promise<Page<MessageView>> {
    await this.requireMember(caller, conversationId);
    // Same expression as the GIN index (message_search_idx), so the index serves it.
    return this.messagesWhere(conversationId, query, `AND to_tsvector('german', body) @@ websearch_to_tsquery('german', $X)`, [query.q]);
  }

  async edit(caller: Principal, conversationId: string, messageId: string, body: string): Promise<MessageView> {
    checkBody(body);
    await this.requireMember(caller, conversationId);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockMessage(manager, conversationId, messageId);
      if (current.author_id !== caller.userId) throw DomainError.forbidden('MESSAGE.NOT_AUTHOR', 'Only the author edits a message.');
      if (current.deleted_at) throw DomainError.conflict('MESSAGE.DELETED', 'The message was deleted.');
      const updated: MessageRow[] = rowsOf(
        await manager.query(
          `UPDATE messaging.message SET body = $2, edited_at = now()
            WHERE id = $1 AND created_at > now() - make_interval(mins => $3) RETURNING ${MESSAGE_COLUMNS}`,
          [messageId, body, EDIT_WINDOW_MINUTES],
        ),
      );
      if (updated.length === 0)
        throw DomainError.conflict(
          'MESSAGE.EDIT_WINDOW_CLOSED',
          `A message can be edited within ${EDIT_WINDOW_MINUTES} minutes of posting.`,
        );
      await this.announce(manager, MessageEditedV1, caller, conversationId, messageId, current.author_id);
      return messageView(updated[0]);
    });
  }

  /** Leaves a tombstone: the message keeps its place in the history, without its text. */
  async remove(caller: Principal, conversationId: string, messageId: string): Promise<void> {
    await this.requireMember(caller, conversationId);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockMessage(manager, conversationId, messageId);
      if (current.author_id !== caller.userId) throw DomainError.forbidden('MESSAGE.NOT_AUTHOR', 'Only the author deletes a message.');
      if (current.deleted_at) throw DomainError.conflict('MESSAGE.DELETED', 'The message was deleted already.');
      await manager.query('UPDATE messaging.message SET body = NULL, deleted_at = now() WHERE id = $1', [messageId]);
      await this.announce(manager, MessageDeletedV1, caller, conversationId, messageId, current.author_id);
    });
  }

  /** Moves the caller's read mark forward to `messageId` (never back). */
  async markRead(caller: Principal, conversationId: string, messageId: string): Promise<void> {
    await this.requireMember(caller, conversationId);
    await this.dataSource.transaction(async (manager) => {
      const [message]: unknown[] = await manager.query('SELECT 1 FROM messaging.message WHERE id = $1 AND conversation_id = $2', [
        messageId,
        conversationId,
      ]);
      if (!message) throw messageNotFound();
      await manager.query(
        `UPDATE messaging.conversation_member SET last_read_message_id = $3
          WHERE conversation_id = $1 AND user_id = $2 AND (last_read_message_id IS NULL OR last_read_message_id < $3)`,
        [conversationId, caller.userId, messageId],
      );
      await this.outbox.append(
        manager,
        ConversationReadV1,
        { tenant: caller.tenant, conversationId, userId: caller.userId },
        { subject: conversationId, tenantId: caller.tenant },
      );
    });
  }

  /** For the live stream: a message as members see it, by id, within a tenant. */
  async message(tenant: string, messageId: string): Promise<MessageView | undefined> {
    const [row]: MessageRow[] = await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messaging.message WHERE id = $1 AND tenant = $2`,
      [messageId, tenant],
    );
    return row ? messageView(row) : undefined;
  }

  /** For the live stream: whether the user (still) belongs to the conversation, and their unread count. */
  async unreadCount(tenant: string, userId: string, conversationId: string): Promise<number | undefined> {
    const [row]: Array<{ unread_count: number }> = await this.dataSource.query(
      `SELECT ${UNREAD} AS unread_count FROM messaging.conversation_member m JOIN messaging.conversation c ON c.id = m.conversation_id
        WHERE m.conversation_id = $1 AND m.user_id = $2 AND c.tenant = $3`,
      [conversationId, userId, tenant],
    );
    return row ? Number(row.unread_count) : undefined;
  }

  private async messagesWhere(
    conversationId: string,
    query: { before?: string; limit?: number },
    extra: string,
    extraParams: unknown[],
  ): Promise<Page<MessageView>> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [conversationId, limit + 1];
    let before = '';
    if (query.before) {
      const cursor = decodeCursor(query.before, 1);
      if (!cursor) throw badCursor('before');
      params.push(cursor[0]);
      before = `AND id < $${params.length}::uuid`;
    }
    let condition = extra;
    for (const value of extraParams) {
      params.push(value);
      condition = condition.replace('$X', `$${params.length}`);
    }
    // Ids are UUIDv7: id order is posting order.
    const rows: MessageRow[] = await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messaging.message WHERE conversation_id = $1 ${before} ${condition} ORDER BY id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    return { items: page.map(messageView), nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null };
  }

  private async lockMessage(manager: EntityManager, conversationId: string, messageId: string): Promise<MessageRow> {
    const [row]: MessageRow[] = await manager.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messaging.message WHERE id = $1 AND conversation_id = $2 FOR UPDATE`,
      [messageId, conversationId],
    );
    if (!row) throw messageNotFound();
    return row;
  }

  private async announce(
    manager: EntityManager,
    contract: EventContract<MessageEvent>,
    caller: Principal,
    conversationId: string,
    messageId: string,
    authorId: string,
  ): Promise<void> {
    const members: Array<{ user_id: string }> = await manager.query(
      'SELECT user_id FROM messaging.conversation_member WHERE conversation_id = $1 ORDER BY user_id',
      [conversationId],
    );
    const data = Object.assign(new contract(), {
      tenant: caller.tenant,
      conversationId,
      messageId,
      authorId,
      memberIds: members.map((m) => m.user_id),
    });
    await this.outbox.append(manager, contract, data, { subject: conversationId, tenantId: caller.tenant });
  }

  private async insertMembers(manager: EntityManager, tenant: string, conversationId: string, userIds: string[]): Promise<void> {
    for (const userId of userIds) {
      await manager.query(
        `INSERT INTO messaging.conversation_member (conversation_id, user_id, tenant, joined_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING`,
        [conversationId, userId, tenant],
      );
    }
  }

  private async requireUsers(tenant: string, userIds: string[], field: string): Promise<void> {
    for (const userId of userIds) {
      if (!(await this.directory.exists(tenant, userId))) {
        throw DomainError.unprocessable('CONVERSATION.UNKNOWN_MEMBER', 'Members must be users of this municipality.', [
          { field, message: `no user "${userId.slice(0, 64)}" here` },
        ]);
      }
    }
  }
}

function checkBody(body: string): void {
  const chars = [...body].length;
  if (body.trim() === '' || chars > MAX_MESSAGE_CHARS) {
    throw DomainError.badRequest('REQUEST.INVALID', 'Some fields of the request are missing or invalid.', [
      { field: 'body', message: `must be 1 to ${MAX_MESSAGE_CHARS} characters and not blank` },
    ]);
  }
}

function badCursor(field = 'cursor'): DomainError {
  return DomainError.badRequest('REQUEST.INVALID_CURSOR', `"${field}" is not a cursor this API handed out.`, [
    { field, message: 'unknown cursor' },
  ]);
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

export function messageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    authorId: row.author_id,
    body: row.deleted_at ? null : row.body,
    createdAt: iso(row.created_at),
    editedAt: row.edited_at ? iso(row.edited_at) : null,
    deletedAt: row.deleted_at ? iso(row.deleted_at) : null,
  };
}
