import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatMinutes, parseClockTime } from '../office/opening-hours';
import type { Weekday } from '../time/wall-clock';
import type { WaitingEntry, WaitingEntryStatus } from './waiting-entry';

interface WaitingEntryRow {
  id: string;
  tenant: string;
  service_id: string;
  office_ids: string[];
  weekdays: number[];
  earliest: string;
  latest: string;
  citizen_name: string;
  citizen_email: string;
  manage_token_sha256: string;
  status: WaitingEntryStatus;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, tenant, service_id, office_ids, weekdays, earliest::text, latest::text, citizen_name, citizen_email, manage_token_sha256, status, created_at, updated_at';

/** The waiting list, in joining order. Every statement names the schema (the embedded database has no search_path). */
@Injectable()
export class WaitingEntryRepository {
  async insert(manager: EntityManager, entry: WaitingEntry): Promise<void> {
    await manager.query(
      `INSERT INTO appointments.waiting_entry (id, tenant, service_id, office_ids, weekdays, earliest, latest, citizen_name, citizen_email, manage_token_sha256, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4::uuid[], $5::smallint[], $6::time, $7::time, $8, $9, $10, $11, $12, $13)`,
      [
        entry.id,
        entry.tenant,
        entry.serviceId,
        entry.officeIds,
        entry.weekdays,
        formatMinutes(entry.earliestMinute),
        formatMinutes(entry.latestMinute),
        entry.citizenName,
        entry.citizenEmail,
        entry.manageTokenSha256,
        entry.status,
        entry.createdAt,
        entry.updatedAt,
      ],
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
    officeIds: row.office_ids,
    weekdays: row.weekdays.map(Number) as Weekday[],
    earliestMinute: parseClockTime(row.earliest.slice(0, 5)),
    latestMinute: parseClockTime(row.latest.slice(0, 5)),
    citizenName: row.citizen_name,
    citizenEmail: row.citizen_email,
    manageTokenSha256: row.manage_token_sha256,
    status: row.status,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
