import { Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { ShutdownDrain } from '@amtsweg/platform';

/** The events a client receives on `GET /api/v1/tenants/{tenant}/stream`. */
export type LiveEventName = 'message.posted' | 'message.edited' | 'message.deleted' | 'message.reacted' | 'notification.created' | 'unread';

/** One open stream of one user. */
export interface LiveClient {
  readonly tenant: string;
  readonly userId: string;
  send(event: LiveEventName, data: unknown): void;
  /** Ends the stream (shutdown, the tenant suspended). */
  end(): void;
}

/**
 * The streams connected to THIS instance, by user. Never a way to reach users elsewhere: every
 * instance hears every live event from the bus (LiveFanout) and pushes to its own clients only.
 */
@Injectable()
export class LiveConnections implements OnModuleDestroy {
  private readonly byUser = new Map<string, Set<LiveClient>>();

  constructor(@Optional() drain?: ShutdownDrain) {
    // On SIGTERM the streams end as the listener closes: their clients reconnect to another instance.
    drain?.onListenerClose(() => this.endAll());
  }

  add(client: LiveClient): () => void {
    const key = userKey(client.tenant, client.userId);
    let clients = this.byUser.get(key);
    if (!clients) this.byUser.set(key, (clients = new Set()));
    clients.add(client);
    return () => {
      clients.delete(client);
      if (clients.size === 0 && this.byUser.get(key) === clients) this.byUser.delete(key);
    };
  }

  isConnected(tenant: string, userId: string): boolean {
    return this.byUser.has(userKey(tenant, userId));
  }

  /** Of `userIds`, those with a stream open here. */
  connectedAmong(tenant: string, userIds: string[]): string[] {
    return [...new Set(userIds)].filter((userId) => this.isConnected(tenant, userId));
  }

  send(tenant: string, userId: string, event: LiveEventName, data: unknown): void {
    for (const client of this.byUser.get(userKey(tenant, userId)) ?? []) client.send(event, data);
  }

  get size(): number {
    let count = 0;
    for (const clients of this.byUser.values()) count += clients.size;
    return count;
  }

  /** Ends every stream of `tenant` open here (the tenant was suspended); answers how many. */
  endTenant(tenant: string): number {
    let ended = 0;
    for (const [key, clients] of this.byUser) {
      if (!key.startsWith(`${tenant}\u0000`)) continue;
      for (const client of clients) {
        client.end();
        ended += 1;
      }
      this.byUser.delete(key);
    }
    return ended;
  }

  /** Open streams would hold the HTTP server's close forever: end them first. */
  onModuleDestroy(): void {
    this.endAll();
  }

  private endAll(): void {
    for (const clients of this.byUser.values()) for (const client of clients) client.end();
    this.byUser.clear();
  }
}

function userKey(tenant: string, userId: string): string {
  return `${tenant}\u0000${userId}`;
}
