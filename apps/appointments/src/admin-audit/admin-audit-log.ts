import type { AdminChangeRecorded } from '@amtsweg/contracts';
import type { AdminActor } from '@amtsweg/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One entry of the admin audit, as the routes answer it. */
export interface AdminAuditEntry {
  id: string;
  at: Date;
  tenant: string | null;
  actor: AdminActor;
  action: string;
  subject: { type: string; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The service that made the change: `appointments`, `messaging`, `signatures`, `devices`. */
  service: string;
}

interface AdminAuditRow {
  id: string;
  at: Date;
  tenant: string | null;
  service: string;
  actor_user_id: string;
  actor_role: AdminActor['role'];
  action: string;
  subject_type: string;
  subject_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** `appointments.admin_audit`: written from the services' events, read newest first, purged past retention. */
@Injectable()
export class AdminAuditLog {
  /** The event id is the entry's id: a second copy of one event (another inbox, a replay) adds nothing. */
  async add(manager: EntityManager, entry: { id: string; at: Date; service: string; change: AdminChangeRecorded }): Promise<void> {
    const { change } = entry;
    await manager.query(
      `INSERT INTO appointments.admin_audit
         (id, at, tenant, service, actor_user_id, actor_role, action, subject_type, subject_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb)
       ON CONFLICT (id) DO NOTHING`,
      [
        entry.id,
        entry.at,
        change.tenant,
        entry.service,
        change.actor.userId,
        change.actor.role,
        change.action,
        change.subject.type,
        change.subject.id,
        change.before === null ? null : JSON.stringify(change.before),
        change.after === null ? null : JSON.stringify(change.after),
      ],
    );
  }

  /** Newest first (ids are UUIDv7), after `beforeId`; every tenant when `tenant` is undefined. */
  async list(manager: EntityManager, query: { tenant?: string; beforeId?: string; limit: number }): Promise<AdminAuditEntry[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (query.tenant !== undefined) {
      parameters.push(query.tenant);
      conditions.push(`tenant = $${parameters.length}`);
    }
    if (query.beforeId !== undefined) {
      parameters.push(query.beforeId);
      conditions.push(`id < $${parameters.length}`);
    }
    parameters.push(query.limit);
    const rows = (await manager.query(
      `SELECT * FROM appointments.admin_audit ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${parameters.length}`,
      parameters,
    )) as AdminAuditRow[];
    return rows.map(toEntry);
  }

  /** Deletes the entries older than `before`; answers how many. */
  async purgeBefore(manager: EntityManager, before: Date): Promise<number> {
    // Counted in a SELECT: a bare DELETE … RETURNING answers [rows, count] through TypeORM's pg driver.
    const [{ deleted }] = (await manager.query(
      'WITH gone AS (DELETE FROM appointments.admin_audit WHERE at < $1 RETURNING 1) SELECT count(*)::int AS deleted FROM gone',
      [before],
    )) as Array<{ deleted: number }>;
    return deleted;
  }
}

function toEntry(row: AdminAuditRow): AdminAuditEntry {
  return {
    id: row.id,
    at: new Date(row.at),
    tenant: row.tenant,
    actor: { userId: row.actor_user_id, role: row.actor_role },
    action: row.action,
    subject: { type: row.subject_type, id: row.subject_id },
    before: row.before,
    after: row.after,
    service: row.service,
  };
}
