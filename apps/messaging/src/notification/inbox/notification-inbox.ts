import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { NotificationCreatedV1 } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { dataSourceToken, newId, pageOf, PageCursor, PlatformConfig, uuidKey, type Page } from '@amtsweg/platform';
import { UserDirectory } from '../../directory/user-directory';
import { OutboundMailLog } from '../../mail/outbound-mail-log';
import { rowsOf } from '../../messaging.database';
import type { NewNotification, NotificationView } from './notification';
import { notificationMail } from './notification-mail';

interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date | string;
  read_at: Date | string | null;
}

export interface NotificationPage extends Page<NotificationView> {
  unreadCount: number;
}

const NOTIFICATION_CURSOR = new PageCursor<[string]>('notifications', [uuidKey]);

/**
 * Each user's in-app inbox in `messaging.notification`. `add` writes in the caller's transaction
 * (a consumer's inbox transaction), together with the live-fan-out event and — when the recipient
 * opted in — the e-mail in the outbound mail log, to the address the directory has for them (events
 * name staff by user id only: docs/personal-data-in-events.md).
 */
@Injectable()
export class NotificationInbox {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly mails: OutboundMailLog,
    private readonly config: PlatformConfig,
    private readonly directory: UserDirectory,
  ) {}

  /** The new notification's id; null when this event (or the same dedupe key) already notified the recipient. */
  async add(manager: EntityManager, notification: NewNotification): Promise<string | null> {
    const id = newId();
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO messaging.notification (id, tenant, recipient_id, kind, title, body, link, source_event_id, dedupe_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        id,
        notification.tenant,
        notification.recipientId,
        notification.kind,
        notification.title,
        notification.body,
        notification.link,
        notification.sourceEventId,
        notification.dedupeKey ?? null,
      ],
    );
    if (inserted.length === 0) return null;
    await this.outbox.append(
      manager,
      NotificationCreatedV1,
      { tenant: notification.tenant, notificationId: id, recipientId: notification.recipientId },
      { subject: notification.recipientId, tenantId: notification.tenant },
    );
    if (await this.wantsEmail(manager, notification.tenant, notification.recipientId)) {
      const address = await this.addressOf(manager, notification);
      if (address) {
        await this.mails.add(
          manager,
          { tenant: notification.tenant, eventId: notification.sourceEventId, correlationId: notification.correlationId },
          notificationMail(notification, address, this.config.publicUrl),
        );
      }
    }
    return id;
  }

  /** The directory's address; a record from before the upgrade may still carry one for a person it lacks. None: in-app only. */
  private async addressOf(manager: EntityManager, notification: NewNotification): Promise<string | undefined> {
    return (await this.directory.find(notification.tenant, notification.recipientId, manager))?.email ?? notification.recipientEmail;
  }

  /** Newest first; `query.cursor` is the previous page's `nextCursor`. */
  async list(tenant: string, userId: string, query: { unread?: boolean; limit: number; cursor?: string }): Promise<NotificationPage> {
    const params: unknown[] = [tenant, userId, query.limit + 1];
    let where = 'tenant = $1 AND recipient_id = $2';
    if (query.unread) where += ' AND read_at IS NULL';
    if (query.cursor) {
      params.push(NOTIFICATION_CURSOR.decode(query.cursor)[0]);
      where += ` AND id < $${params.length}`;
    }
    // Ids are UUIDv7, so id order is creation order: newest first, and the id is the cursor.
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT id, kind, title, body, link, created_at, read_at FROM messaging.notification WHERE ${where} ORDER BY id DESC LIMIT $3`,
      params,
    );
    const [{ unread }]: Array<{ unread: number }> = await this.dataSource.query(
      'SELECT count(*)::int AS unread FROM messaging.notification WHERE tenant = $1 AND recipient_id = $2 AND read_at IS NULL',
      [tenant, userId],
    );
    const page = pageOf(rows.map(view), query.limit, (last) => NOTIFICATION_CURSOR.encode([last.id]));
    return { ...page, unreadCount: Number(unread) };
  }

  /** The notification of this user, or undefined (another user's or tenant's is as good as none). */
  async find(tenant: string, userId: string, id: string): Promise<NotificationView | undefined> {
    const [row]: NotificationRow[] = await this.dataSource.query(
      'SELECT id, kind, title, body, link, created_at, read_at FROM messaging.notification WHERE id = $1 AND tenant = $2 AND recipient_id = $3',
      [id, tenant, userId],
    );
    return row ? view(row) : undefined;
  }

  async unreadCount(tenant: string, userId: string): Promise<number> {
    const [{ unread }]: Array<{ unread: number }> = await this.dataSource.query(
      'SELECT count(*)::int AS unread FROM messaging.notification WHERE tenant = $1 AND recipient_id = $2 AND read_at IS NULL',
      [tenant, userId],
    );
    return Number(unread);
  }

  /** False when the user has no such notification. Reading one twice keeps the first time. */
  async markRead(tenant: string, userId: string, id: string): Promise<boolean> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `UPDATE messaging.notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND tenant = $2 AND recipient_id = $3 RETURNING id`,
      [id, tenant, userId],
    );
    return rowsOf(rows).length === 1;
  }

  async markAllRead(tenant: string, userId: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE messaging.notification SET read_at = now() WHERE tenant = $1 AND recipient_id = $2 AND read_at IS NULL',
      [tenant, userId],
    );
  }

  async emailSetting(tenant: string, userId: string): Promise<boolean> {
    return this.wantsEmail(this.dataSource.manager, tenant, userId);
  }

  async setEmail(tenant: string, userId: string, email: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO messaging.notification_setting (tenant, user_id, email, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant, user_id) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at`,
      [tenant, userId, email],
    );
  }

  private async wantsEmail(manager: EntityManager, tenant: string, userId: string): Promise<boolean> {
    const [row]: Array<{ email: boolean }> = await manager.query(
      'SELECT email FROM messaging.notification_setting WHERE tenant = $1 AND user_id = $2',
      [tenant, userId],
    );
    return row?.email === true;
  }
}

function view(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}
