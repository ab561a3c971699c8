import { Injectable } from '@nestjs/common';
import { newId } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';

export interface DeviceSettingsChange {
  at: Date;
  actor: string;
  allowOwnRequestDecision: boolean;
}

export interface TenantDeviceSettings {
  /** Whether the requester may approve or reject their own device request (a tenant with one it-admin). */
  allowOwnRequestDecision: boolean;
  /** Who changed the settings when, newest first. */
  changes: DeviceSettingsChange[];
}

/** Shown with the settings: enough to see who changed them lately, bounded. */
const CHANGES_SHOWN = 50;

/**
 * A tenant's device settings, read from their own audit: the newest change is the setting; without
 * one, the default (four eyes: nobody decides their own request).
 */
@Injectable()
export class DeviceSettings {
  async get(manager: EntityManager, tenant: string): Promise<TenantDeviceSettings> {
    const rows = (await manager.query(
      `SELECT at, actor, allow_own_request_decision FROM devices.device_setting_change WHERE tenant = $1 ORDER BY id DESC LIMIT $2`,
      [tenant, CHANGES_SHOWN],
    )) as Array<{ at: Date | string; actor: string; allow_own_request_decision: boolean }>;
    const changes = rows.map((row) => ({
      at: new Date(row.at),
      actor: row.actor,
      allowOwnRequestDecision: row.allow_own_request_decision,
    }));
    return { allowOwnRequestDecision: changes[0]?.allowOwnRequestDecision ?? false, changes };
  }

  async allowsOwnRequestDecision(manager: EntityManager, tenant: string): Promise<boolean> {
    return (await this.get(manager, tenant)).allowOwnRequestDecision;
  }

  /** Records the change (ids are UUIDv7, so the newest id is the newest change). */
  async change(
    manager: EntityManager,
    tenant: string,
    settings: { allowOwnRequestDecision: boolean },
    actor: string,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO devices.device_setting_change (id, tenant, at, actor, allow_own_request_decision) VALUES ($1, $2, $3, $4, $5)`,
      [newId(), tenant, at, actor, settings.allowOwnRequestDecision],
    );
  }
}
