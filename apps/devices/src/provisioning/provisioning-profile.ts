import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Wi-Fi, VPN, mail and apps, as validated when the profile was created. */
export interface ProfileConfiguration {
  wifi: Array<{ ssid: string; security: string; passphrase?: string }>;
  vpn: { type: string; server: string; port?: number } | null;
  mail: { protocol: string; server: string; supportAddress?: string } | null;
  apps: string[];
}

export interface ProvisioningProfile {
  id: string;
  tenant: string;
  name: string;
  configuration: ProfileConfiguration;
  createdBy: string;
  createdAt: Date;
}

interface ProfileRow {
  id: string;
  tenant: string;
  name: string;
  configuration: unknown;
  created_by: string;
  created_at: Date | string;
}

@Injectable()
export class ProvisioningProfiles {
  async insert(manager: EntityManager, profile: ProvisioningProfile): Promise<void> {
    await manager.query(
      `INSERT INTO devices.provisioning_profile (id, tenant, name, configuration, created_by, created_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
      [profile.id, profile.tenant, profile.name, JSON.stringify(profile.configuration), profile.createdBy, profile.createdAt],
    );
  }

  async find(manager: EntityManager, tenant: string, id: string): Promise<ProvisioningProfile | undefined> {
    const rows = (await manager.query(`SELECT * FROM devices.provisioning_profile WHERE tenant = $1 AND id = $2`, [
      tenant,
      id,
    ])) as ProfileRow[];
    return rows[0] ? toProfile(rows[0]) : undefined;
  }

  async list(manager: EntityManager, tenant: string): Promise<ProvisioningProfile[]> {
    const rows = (await manager.query(`SELECT * FROM devices.provisioning_profile WHERE tenant = $1 ORDER BY name, id`, [
      tenant,
    ])) as ProfileRow[];
    return rows.map(toProfile);
  }
}

function toProfile(row: ProfileRow): ProvisioningProfile {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    configuration: (typeof row.configuration === 'string' ? JSON.parse(row.configuration) : row.configuration) as ProfileConfiguration,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}
