import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeviceRequest, RequestStatus } from './device-request';

interface RequestRow {
  id: string;
  tenant: string;
  requester_id: string;
  items: unknown;
  justification: string;
  needed_by: string;
  status: RequestStatus;
  decided_by: string | null;
  decided_at: Date | string | null;
  rejection_reason: string | null;
  handover_id: string | null;
  handover_failure: string | null;
  device_ids: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

const SELECT = `SELECT r.id, r.tenant, r.requester_id, r.items, r.justification, r.needed_by::text AS needed_by, r.status, r.decided_by, r.decided_at,
  r.rejection_reason, r.handover_id, r.handover_failure, r.created_at, r.updated_at,
  COALESCE((SELECT json_agg(d.id ORDER BY d.id) FROM devices.device d WHERE d.request_id = r.id), '[]'::json) AS device_ids
  FROM devices.device_request r`;

@Injectable()
export class DeviceRequestRepository {
  async insert(manager: EntityManager, request: DeviceRequest): Promise<void> {
    await manager.query(
      `INSERT INTO devices.device_request (id, tenant, requester_id, items, justification, needed_by, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $8)`,
      [
        request.id,
        request.tenant,
        request.requesterId,
        JSON.stringify(request.items),
        request.justification,
        request.neededBy,
        request.status,
        request.createdAt,
      ],
    );
  }

  async find(
    manager: EntityManager,
    tenant: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<DeviceRequest | undefined> {
    if (options.forUpdate)
      await manager.query(`SELECT 1 FROM devices.device_request WHERE tenant = $1 AND id = $2 FOR UPDATE`, [tenant, id]);
    const rows = (await manager.query(`${SELECT} WHERE r.tenant = $1 AND r.id = $2`, [tenant, id])) as RequestRow[];
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  async findByHandover(manager: EntityManager, tenant: string, handoverId: string): Promise<DeviceRequest | undefined> {
    const rows = (await manager.query(`${SELECT} WHERE r.tenant = $1 AND r.handover_id = $2`, [tenant, handoverId])) as RequestRow[];
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  async list(
    manager: EntityManager,
    filter: { tenant: string; requesterId?: string; status?: RequestStatus; beforeId?: string; limit: number },
  ): Promise<DeviceRequest[]> {
    const where = ['r.tenant = $1'];
    const parameters: unknown[] = [filter.tenant];
    if (filter.requesterId) where.push(`r.requester_id = $${parameters.push(filter.requesterId)}`);
    if (filter.status) where.push(`r.status = $${parameters.push(filter.status)}`);
    if (filter.beforeId) where.push(`r.id < $${parameters.push(filter.beforeId)}`);
    const rows = (await manager.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY r.id DESC LIMIT $${parameters.push(filter.limit)}`,
      parameters,
    )) as RequestRow[];
    return rows.map(toRequest);
  }

  async update(manager: EntityManager, request: DeviceRequest): Promise<void> {
    await manager.query(
      `UPDATE devices.device_request SET status = $3, decided_by = $4, decided_at = $5, rejection_reason = $6, handover_id = $7, handover_failure = $8, updated_at = $9 WHERE tenant = $1 AND id = $2`,
      [
        request.tenant,
        request.id,
        request.status,
        request.decidedBy,
        request.decidedAt,
        request.rejectionReason,
        request.handoverId,
        request.handoverFailure,
        request.updatedAt,
      ],
    );
  }
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toRequest(row: RequestRow): DeviceRequest {
  return {
    id: row.id,
    tenant: row.tenant,
    requesterId: row.requester_id,
    items: json(row.items),
    justification: row.justification,
    neededBy: String(row.needed_by).slice(0, 10),
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? new Date(row.decided_at) : null,
    rejectionReason: row.rejection_reason,
    handoverId: row.handover_id,
    handoverFailure: row.handover_failure,
    deviceIds: json<string[]>(row.device_ids),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
