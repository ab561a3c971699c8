import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  ConversationReadV1,
  MessageDeletedV1,
  MessageEditedV1,
  MessageReactedV1,
  MessagePostedV1,
  NotificationCreatedV1,
  TenantUpdatedV1,
  type MessageEvent,
} from '@amtsweg/contracts';
import { EVENT_BUS, fromBusRecord, type BusRecord, type BusSubscription, type EventBus } from '@amtsweg/eventing';
import { dataSourceToken, newId, sqlState } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { ConversationRepository, reactionsFor } from '../conversation/conversation.repository';
import { NotificationInbox } from '../notification/inbox/notification-inbox';
import { LiveConnections, type LiveEventName } from './live-connections';

export interface LiveFanoutOptions {
  /** Names this instance's consumer group (`messaging-live-<instanceId>`). Default: a fresh UUID per start. */
  instanceId?: string;
  /**
   * Records older than the subscription's start minus this are skipped: a new group starts at the
   * oldest retained record, and replaying history to clients that connected now would be wrong.
   */
  replayGraceMs?: number;
}

export const LIVE_FANOUT_OPTIONS = Symbol('LIVE_FANOUT_OPTIONS');

const SUBSCRIBE_ATTEMPTS = 5;

/** Also the tenant registry: a suspension ends the tenant's streams on every instance. */
export const LIVE_TOPICS = [MessagePostedV1.topic, ConversationReadV1.topic, NotificationCreatedV1.topic, TenantUpdatedV1.topic];

const MESSAGE_EVENTS: Record<string, LiveEventName> = {
  [MessagePostedV1.type]: 'message.posted',
  [MessageEditedV1.type]: 'message.edited',
  [MessageDeletedV1.type]: 'message.deleted',
  [MessageReactedV1.type]: 'message.reacted',
};

/**
 * Real time across instances: every messaging instance subscribes to the live topics with a
 * consumer group of its own (so each one hears every event — fan-out, not load sharing) directly
 * on the EventBus, not through the inbox: this is delivery to whoever is connected now, not state.
 * The events carry ids only; the body is read here, from this instance's database.
 *
 * A live event that cannot be pushed is dropped, never retried: clients resync from the API.
 */
@Injectable()
export class LiveFanout implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveFanout');
  readonly instanceId: string;
  private readonly replayGraceMs: number;
  private subscription?: BusSubscription;
  private startedAt = 0;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly connections: LiveConnections,
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly notifications: NotificationInbox,
    @Optional() @Inject(LIVE_FANOUT_OPTIONS) options?: LiveFanoutOptions,
  ) {
    this.instanceId = options?.instanceId || newId();
    this.replayGraceMs = options?.replayGraceMs ?? 5_000;
  }

  get group(): string {
    return `messaging-live-${this.instanceId}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.startedAt = Date.now();
    // A broker that has just created the topics may not serve their metadata yet: retry a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        this.subscription = await this.bus.subscribe(this.group, LIVE_TOPICS, (record) => this.deliver(record));
        break;
      } catch (error) {
        if (attempt >= SUBSCRIBE_ATTEMPTS) throw error;
        this.logger.warn(
          `subscribing ${this.group} failed (attempt ${attempt}/${SUBSCRIBE_ATTEMPTS}): ${(error as Error)?.name ?? 'error'}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
    this.logger.log(`instance ${this.instanceId} fans out ${LIVE_TOPICS.join(', ')}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Resolves always: a live event is pushed now or not at all. */
  async deliver(record: BusRecord): Promise<void> {
    try {
      const event = fromBusRecord(record);
      if (Date.parse(event.time) < this.startedAt - this.replayGraceMs) return;
      const tenant = event.tenantid;
      if (event.type === TenantUpdatedV1.type) {
        const { slug, suspended } = event.data as TenantUpdatedV1;
        if (suspended) {
          const ended = this.connections.endTenant(slug);
          if (ended > 0) this.logger.log(`tenant ${slug} suspended: ${ended} live stream(s) ended`);
        }
        return;
      }
      const messageEvent = MESSAGE_EVENTS[event.type];
      if (messageEvent) return await this.pushMessage(tenant, messageEvent, event.data as MessageEvent);
      if (event.type === ConversationReadV1.type) {
        const { conversationId, userId } = event.data as ConversationReadV1;
        return await this.pushUnread(tenant, [userId], conversationId);
      }
      if (event.type === NotificationCreatedV1.type) {
        const { notificationId, recipientId } = event.data as NotificationCreatedV1;
        if (!this.connections.isConnected(tenant, recipientId)) return;
        const notification = await this.notifications.find(tenant, recipientId, notificationId);
        if (!notification) return;
        this.connections.send(tenant, recipientId, 'notification.created', notification);
        this.connections.send(tenant, recipientId, 'unread', {
          scope: 'notifications',
          unreadCount: await this.notifications.unreadCount(tenant, recipientId),
        });
      }
    } catch (error) {
      // Never the message: database errors can quote row values.
      const state = sqlState(error);
      this.logger.warn(
        `live event on ${record.topic} (key ${record.key}) not pushed: ${state ? `database error ${state}` : ((error as Error)?.name ?? 'error')}`,
      );
    }
  }

  private async pushMessage(tenant: string, name: LiveEventName, data: MessageEvent): Promise<void> {
    const here = this.connections.connectedAmong(tenant, data.memberIds);
    if (here.length === 0) return;
    const message = await this.conversations.findMessage(this.dataSource.manager, tenant, data.messageId);
    if (!message) return;
    const given = await this.conversations.reactionsGiven(this.dataSource.manager, [message]);
    for (const userId of here) this.connections.send(tenant, userId, name, reactionsFor(message, given, userId));
    if (name === 'message.posted' || name === 'message.deleted') await this.pushUnread(tenant, here, data.conversationId);
  }

  private async pushUnread(tenant: string, userIds: string[], conversationId: string): Promise<void> {
    for (const userId of this.connections.connectedAmong(tenant, userIds)) {
      const unreadCount = await this.conversations.unreadCount(this.dataSource.manager, tenant, userId, conversationId);
      if (unreadCount !== undefined)
        this.connections.send(tenant, userId, 'unread', { scope: 'conversation', conversationId, unreadCount });
    }
  }
}
