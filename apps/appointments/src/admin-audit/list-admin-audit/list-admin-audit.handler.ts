import { PageCursor, pageOf, uuidKey, type Page, type PageParameters } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { AdminAuditLog, type AdminAuditEntry } from '../admin-audit-log';

/** The last id of a page (the event's UUIDv7: time-ordered). */
const ADMIN_AUDIT_CURSOR = new PageCursor<[string]>('admin-audit', [uuidKey]);

/** A page of the admin audit, newest first: one tenant's, or (tenant undefined) every tenant's. */
@Injectable()
export class ListAdminAuditHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly log: AdminAuditLog,
  ) {}

  async execute(tenant: string | undefined, query: PageParameters): Promise<Page<AdminAuditEntry>> {
    const found = await this.log.list(this.dataSource.manager, {
      tenant,
      beforeId: query.cursor === undefined ? undefined : ADMIN_AUDIT_CURSOR.decode(query.cursor)[0],
      limit: query.limit + 1,
    });
    return pageOf(found, query.limit, (last) => ADMIN_AUDIT_CURSOR.encode([last.id]));
  }
}
