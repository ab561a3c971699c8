import { EXPORT_PART_SERVICES, type ExportPartService } from '@amtsweg/contracts';
import { AdminAudit } from '@amtsweg/eventing';
import { newId, type AdminActor } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';

/** An off-boarding export a provider-admin requested, with the delivery of each service's part. */
export interface TenantExport {
  id: string;
  tenant: string;
  requestedAt: Date;
  parts: Array<{ service: ExportPartService; delivered: boolean }>;
}

/** The exports of municipalities (appointments owns them; the other services report their parts by event). */
@Injectable()
export class TenantExports {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AdminAudit,
  ) {}

  /** A new export, recorded in the admin audit: who took the municipality's data out, and when. */
  async request(tenant: string, at: Date, actor: AdminActor): Promise<TenantExport> {
    const id = newId();
    await this.dataSource.transaction(async (manager) => {
      await this.audit.record(manager, {
        tenant,
        actor,
        action: 'tenant.export-requested',
        subject: { type: 'tenant-export', id },
        before: null,
        after: { id, requestedAt: at },
      });
      await manager.query('INSERT INTO appointments.tenant_export (id, tenant, requested_at) VALUES ($1, $2, $3)', [id, tenant, at]);
      for (const service of EXPORT_PART_SERVICES) {
        await manager.query('INSERT INTO appointments.tenant_export_part (export_id, tenant, service) VALUES ($1, $2, $3)', [
          id,
          tenant,
          service,
        ]);
      }
    });
    return { id, tenant, requestedAt: at, parts: EXPORT_PART_SERVICES.map((service) => ({ service, delivered: false })) };
  }

  async find(tenant: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<TenantExport | undefined> {
    const [row] = (await manager.query('SELECT id, tenant, requested_at FROM appointments.tenant_export WHERE id = $1 AND tenant = $2', [
      id,
      tenant,
    ])) as Array<{ id: string; tenant: string; requested_at: Date }>;
    if (!row) return undefined;
    const parts = (await manager.query(
      'SELECT service, delivered_at IS NOT NULL AS delivered FROM appointments.tenant_export_part WHERE export_id = $1',
      [id],
    )) as Array<{ service: ExportPartService; delivered: boolean }>;
    const delivered = new Map(parts.map((part) => [part.service, part.delivered]));
    return {
      id: row.id,
      tenant: row.tenant,
      requestedAt: new Date(row.requested_at),
      parts: EXPORT_PART_SERVICES.map((service) => ({ service, delivered: delivered.get(service) === true })),
    };
  }

  /** Idempotent: the first delivery counts; an unknown export (or another tenant's) changes nothing. */
  async markDelivered(manager: EntityManager, exportId: string, tenant: string, service: ExportPartService, at: Date): Promise<void> {
    await manager.query(
      `UPDATE appointments.tenant_export_part SET delivered_at = $4
        WHERE export_id = $1 AND tenant = $2 AND service = $3 AND delivered_at IS NULL`,
      [exportId, tenant, service, at],
    );
  }

  /** Whether an export requested at or after `since` has every part delivered. */
  async deliveredSince(manager: EntityManager, tenant: string, since: Date): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT e.id FROM appointments.tenant_export e
        WHERE e.tenant = $1 AND e.requested_at >= $2
          AND (SELECT count(*) FROM appointments.tenant_export_part p WHERE p.export_id = e.id AND p.delivered_at IS NOT NULL) = $3
        LIMIT 1`,
      [tenant, since, EXPORT_PART_SERVICES.length],
    )) as unknown[];
    return rows.length > 0;
  }
}
