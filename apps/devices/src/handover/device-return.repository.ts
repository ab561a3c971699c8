import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type DeviceReturnStatus = 'pending' | 'signed' | 'refused';

/** A device coming back: pending until the IT administrator signed that its data was wiped. */
export interface DeviceReturn {
  id: string;
  tenant: string;
  deviceId: string;
  previousHolderId: string;
  requestedBy: string;
  reason: string | null;
  status: DeviceReturnStatus;
  failure: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

interface DeviceReturnRow {
  id: string;
  tenant: string;
  device_id: string;
  previous_holder_id: string;
  requested_by: string;
  reason: string | null;
  status: DeviceReturnStatus;
  failure: string | null;
  created_at: Date | string;
  decided_at: Date | string | null;
}

@Injectable()
export class DeviceReturnRepository {
  async insert(manager: EntityManager, value: DeviceReturn): Promise<void> {
    await manager.query(
      `INSERT INTO devices.device_return (id, tenant, device_id, previous_holder_id, requested_by, reason, status, failure, created_at, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        value.id,
        value.tenant,
        value.deviceId,
        value.previousHolderId,
        value.requestedBy,
        value.reason,
        value.status,
        value.failure,
        value.createdAt,
        value.decidedAt,
      ],
    );
  }

  async find(manager: EntityManager, tenant: string, id: string, options: { forUpdate?: boolean } = {}): Promise<DeviceReturn | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM devices.device_return WHERE tenant = $1 AND id = $2 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [tenant, id],
    )) as DeviceReturnRow[];
    return rows[0] ? toDeviceReturn(rows[0]) : undefined;
  }

  /** The device's most recent return, whatever became of it. */
  async latest(manager: EntityManager, tenant: string, deviceId: string): Promise<DeviceReturn | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM devices.device_return WHERE tenant = $1 AND device_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [tenant, deviceId],
    )) as DeviceReturnRow[];
    return rows[0] ? toDeviceReturn(rows[0]) : undefined;
  }

  async decide(
    manager: EntityManager,
    id: string,
    decision: { status: Exclude<DeviceReturnStatus, 'pending'>; failure: string | null; at: Date },
  ): Promise<void> {
    await manager.query(`UPDATE devices.device_return SET status = $2, failure = $3, decided_at = $4 WHERE id = $1`, [
      id,
      decision.status,
      decision.failure,
      decision.at,
    ]);
  }
}

function toDeviceReturn(row: DeviceReturnRow): DeviceReturn {
  return {
    id: row.id,
    tenant: row.tenant,
    deviceId: row.device_id,
    previousHolderId: row.previous_holder_id,
    requestedBy: row.requested_by,
    reason: row.reason,
    status: row.status,
    failure: row.failure,
    createdAt: new Date(row.created_at),
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
  };
}
