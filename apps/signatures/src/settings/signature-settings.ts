import { AdminAudit } from '@amtsweg/eventing';
import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { TenantAuditTrail } from '../audit/tenant-audit-trail';

export interface SignatureSettings {
  /** Attached files are active content too; a tenant that signs such documents can allow them. */
  allowEmbeddedFiles: boolean;
  /** Nobody signs with the login token alone: a confirmed second factor first. */
  requireSecondFactor: boolean;
}

/** What every tenant has until a tenant-admin changes it: the safe side. */
export const DEFAULT_SIGNATURE_SETTINGS: Readonly<SignatureSettings> = { allowEmbeddedFiles: false, requireSecondFactor: true };

/** A tenant's signature settings: read before uploads and signatures, changed by its tenant-admins (audited). */
@Injectable()
export class SignatureSettingsStore {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly audit: TenantAuditTrail,
    private readonly clock: Clock,
    private readonly adminAudit: AdminAudit,
  ) {}

  async read(tenant: string, manager: EntityManager = this.dataSource.manager): Promise<SignatureSettings> {
    const [row] = (await manager.query(
      `SELECT allow_embedded_files, require_second_factor FROM signatures.signature_settings WHERE tenant = $1`,
      [tenant],
    )) as Array<{
      allow_embedded_files: boolean;
      require_second_factor: boolean;
    }>;
    return row
      ? { allowEmbeddedFiles: row.allow_embedded_files, requireSecondFactor: row.require_second_factor }
      : { ...DEFAULT_SIGNATURE_SETTINGS };
  }

  async write(principal: Principal, settings: SignatureSettings): Promise<SignatureSettings> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const before = await this.read(principal.tenant, manager);
      await manager.query(
        `INSERT INTO signatures.signature_settings (tenant, allow_embedded_files, require_second_factor, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant) DO UPDATE SET allow_embedded_files = EXCLUDED.allow_embedded_files, require_second_factor = EXCLUDED.require_second_factor,
           updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [principal.tenant, settings.allowEmbeddedFiles, settings.requireSecondFactor, principal.userId, now],
      );
      await this.audit.append(manager, principal.tenant, 'settings-changed', principal.userId, now, {
        allowEmbeddedFiles: settings.allowEmbeddedFiles,
        requireSecondFactor: settings.requireSecondFactor,
      });
      const after = { allowEmbeddedFiles: settings.allowEmbeddedFiles, requireSecondFactor: settings.requireSecondFactor };
      await this.adminAudit.record(manager, {
        tenant: principal.tenant,
        actor: { userId: principal.userId, role: 'tenant-admin' },
        action: 'signature-settings.replaced',
        subject: { type: 'signature-settings', id: principal.tenant },
        before: { ...before },
        after,
      });
      return after;
    });
  }
}
