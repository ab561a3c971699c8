import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken } from '@amtsweg/platform';
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
  ) {}

  async get(tenant: string): Promise<TenantMessagingSettings> {
    const [row]: Array<{ message_retention_days: number }> = await this.dataSource.query(
      'SELECT message_retention_days FROM messaging.tenant_messaging_setting WHERE tenant = $1',
      [tenant],
    );
    return { messageRetentionDays: row ? Number(row.message_retention_days) : this.config.MESSAGE_RETENTION_DEFAULT_DAYS };
  }

  async set(tenant: string, settings: TenantMessagingSettings, updatedBy: string): Promise<TenantMessagingSettings> {
    await this.dataSource.query(
      `INSERT INTO messaging.tenant_messaging_setting (tenant, message_retention_days, updated_by, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant) DO UPDATE
         SET message_retention_days = excluded.message_retention_days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [tenant, settings.messageRetentionDays, updatedBy],
    );
    return this.get(tenant);
  }
}
