import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { STATED_REQUEST_COLUMNS, statedRequestOf, statedRequestValues, type StatedRequestRow } from '../preferences/stated-request-row';
import type { WaitingEntry, WaitingEntryStatus } from './waiting-entry';

interface WaitingEntryRow extends StatedRequestRow {
  id: string;
  tenant: string;
  service_id: string;
  status: WaitingEntryStatus;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, tenant, service_id, ${STATED_REQUEST_COLUMNS}, status, created_at, updated_at`;

/** The waiting list, in joining order. Every statement names the schema (the embedded database has no search_path). */
@Injectable()
export class WaitingEntryRepository {
  async insert(manager: EntityManager, entry: WaitingEntry): Promise<void> {
    await manager.query(
      `INSERT INTO appointments.waiting_entry (${COLUMNS.replace(/::text/g, '')})
       VALUES ($1, $2, $3, $4::uuid[], $5::smallint[], $6::time, $7::time, $8, $9, $10, $11, $12, $13)`,
      [entry.id, entry.tenant, entry.serviceId, ...statedRequestValues(entry), entry.status, entry.createdAt, entry.updatedAt],
    );
  }

  async find(manager: EntityManager, tenant: string, id: string, options: { forUpdate?: boolean } = {}): Promise<WaitingEntry | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM appointments.waiting_entry WHERE tenant = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [tenant, id],
    )) as WaitingEntryRow[];
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  /** Waiting entries of every tenant after `after` in joining order: the order offers go out in. */
  async waitingAfter(manager: EntityManager, after: { createdAt: Date; id: string } | undefined, limit: number): Promise<WaitingEntry[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM appointments.waiting_entry
        WHERE status = 'waiting' AND (created_at, id) > ($1::timestamptz, $2::uuid)
        ORDER BY created_at, id LIMIT $3`,
      [after?.createdAt ?? new Date(0), after?.id ?? '00000000-0000-0000-0000-000000000000', limit],
    )) as WaitingEntryRow[];
    return rows.map(toEntry);
  }

  /**
   * Locks the entry for an offer if it is still waiting. `SKIP LOCKED`: another instance making
   * this entry an offer right now keeps it; this one moves on.
   */
  async lockWaiting(manager: EntityManager, id: string): Promise<WaitingEntry | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM appointments.waiting_entry WHERE id = $1 AND status = 'waiting' FOR UPDATE SKIP LOCKED`,
      [id],
    )) as WaitingEntryRow[];
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  async settle(manager: EntityManager, id: string, status: WaitingEntryStatus, now: Date): Promise<void> {
    await manager.query('UPDATE appointments.waiting_entry SET status = $2, updated_at = $3 WHERE id = $1', [id, status, now]);
  }
}

function toEntry(row: WaitingEntryRow): WaitingEntry {
  return {
    id: row.id,
    tenant: row.tenant,
    serviceId: row.service_id,
    ...statedRequestOf(row),
    status: row.status,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
