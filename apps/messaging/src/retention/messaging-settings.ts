import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { AdminAudit } from '@amtsweg/eventing';
import { dataSourceToken, type AdminActor } from '@amtsweg/platform';
import { MessagingConfig } from '../messaging.config';

export interface TenantMessagingSettings {
  /** Messages older than this many days are deleted. */
  messageRetentionDays: number;
}

/** A tenant's messaging settings (`messaging.tenant_messaging_setting`); without a row, the service's defaults. */
@Injectable()
export class MessagingSettings {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly config: MessagingConfig,
    private readonly audit: AdminAudit,
  ) {}

  async get(tenant: string, manager: EntityManager = this.dataSource.manager): Promise<TenantMessagingSettings> {
    const [row]: Array<{ message_retention_days: number }> = await manager.query(
      'SELECT message_retention_days FROM messaging.tenant_messaging_setting WHERE tenant = $1',
      [tenant],
    );
    return { messageRetentionDays: row ? Number(row.message_retention_days) : this.config.MESSAGE_RETENTION_DEFAULT_DAYS };
  }

  /** Replaces the tenant's settings; the change and its admin-audit record in one transaction. */
  async set(tenant: string, settings: TenantMessagingSettings, actor: AdminActor): Promise<TenantMessagingSettings> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.get(tenant, manager);
      await manager.query(
        `INSERT INTO messaging.tenant_messaging_setting (tenant, message_retention_days, updated_by, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant) DO UPDATE
         SET message_retention_days = excluded.message_retention_days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [tenant, settings.messageRetentionDays, actor.userId],
      );
      const after = await this.get(tenant, manager);
      await this.audit.record(manager, {
        tenant,
        actor,
        action: 'messaging-settings.replaced',
        subject: { type: 'messaging-settings', id: tenant },
        before: { ...before },
        after: { ...after },
      });
      return after;
    });
  }
}
