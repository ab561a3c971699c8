import { Injectable } from '@nestjs/common';
import { newId } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import type { Device, DeviceHistoryEntry, DeviceStatus, DeviceType, NewDevice } from './device';

interface DeviceRow {
  id: string;
  tenant: string;
  type: DeviceType;
  model: string;
  serial: string;
  asset_tag: string | null;
  imei: string | null;
  order_number: string | null;
  supplier: string | null;
  delivered_on: string | Date | null;
  warranty_until: string | Date | null;
  status: DeviceStatus;
  holder_id: string | null;
  request_id: string | null;
  created_by: string;
  created_via: 'api' | 'import';
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = `id, tenant, type, model, serial, asset_tag, imei, order_number, supplier, delivered_on::text AS delivered_on, warranty_until::text AS warranty_until, status, holder_id, request_id, created_by, created_via, created_at, updated_at`;

export interface DeviceFilter {
  tenant: string;
  holderId?: string;
  status?: DeviceStatus;
  type?: DeviceType;
  q?: string;
  /** Only devices whose holder the directory has deactivated: to be taken back. */
  holderDeactivated?: boolean;
  /** Only devices with a smaller (older) id: the page after the cursor. */
  beforeId?: string;
  limit: number;
}

/** Devices and their history, in raw SQL on `devices.device` / `devices.device_history`. */
@Injectable()
export class DeviceRepository {
  async insert(manager: EntityManager, tenant: string, device: NewDevice, actor: string, now: Date): Promise<Device> {
    const id = newId();
    const { purchase } = device;
    await manager.query(
      `INSERT INTO devices.device (id, tenant, type, model, serial, asset_tag, imei, order_number, supplier, delivered_on, warranty_until, status, holder_id, created_by, created_via, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'in_stock', NULL, $12, 'api', $13, $13)`,
      [
        id,
        tenant,
        device.type,
        device.model,
        device.serial,
        device.assetTag,
        device.imei,
        purchase.orderNumber,
        purchase.supplier,
        purchase.deliveredOn,
        purchase.warrantyUntil,
        actor,
        now,
      ],
    );
    return {
      id,
      tenant,
      ...device,
      status: 'in_stock',
      holderId: null,
      requestId: null,
      createdBy: actor,
      createdVia: 'api',
      createdAt: now,
      updatedAt: now,
    };
  }

  async find(manager: EntityManager, tenant: string, id: string, options: { forUpdate?: boolean } = {}): Promise<Device | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM devices.device WHERE tenant = $1 AND id = $2 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [tenant, id],
    )) as DeviceRow[];
    return rows[0] ? toDevice(rows[0]) : undefined;
  }

  /** The tenant's devices among `ids`, locked for the caller's transaction. */
  async findManyForUpdate(manager: EntityManager, tenant: string, ids: string[]): Promise<Device[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM devices.device WHERE tenant = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [tenant, ids],
    )) as DeviceRow[];
    return rows.map(toDevice);
  }

  /**
   * Up to `count` in-stock devices of a type, locked; devices another transaction holds are skipped
   * (on PostgreSQL two approvals at once pick different devices instead of waiting for each other).
   */
  async pickInStock(manager: EntityManager, tenant: string, type: DeviceType, count: number): Promise<Device[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM devices.device WHERE tenant = $1 AND type = $2 AND status = 'in_stock' ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [tenant, type, count],
    )) as DeviceRow[];
    return rows.map(toDevice);
  }

  async findByRequest(manager: EntityManager, tenant: string, requestId: string, options: { forUpdate?: boolean } = {}): Promise<Device[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM devices.device WHERE tenant = $1 AND request_id = $2 ORDER BY id ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [tenant, requestId],
    )) as DeviceRow[];
    return rows.map(toDevice);
  }

  async list(manager: EntityManager, filter: DeviceFilter): Promise<Device[]> {
    const where = ['tenant = $1'];
    const parameters: unknown[] = [filter.tenant];
    const add = (sql: (n: string) => string, value: unknown) => {
      parameters.push(value);
      where.push(sql(`$${parameters.length}`));
    };
    if (filter.holderId !== undefined) add((p) => `holder_id = ${p}`, filter.holderId);
    if (filter.status) add((p) => `status = ${p}`, filter.status);
    if (filter.type) add((p) => `type = ${p}`, filter.type);
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      add((p) => `(serial ILIKE ${p} OR model ILIKE ${p} OR asset_tag ILIKE ${p} OR imei ILIKE ${p})`, pattern);
    }
    if (filter.holderDeactivated)
      where.push(`holder_id IN (SELECT p.id FROM devices.person p WHERE p.tenant = devices.device.tenant AND NOT p.active)`);
    if (filter.beforeId) add((p) => `id < ${p}`, filter.beforeId);
    parameters.push(filter.limit);
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM devices.device WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${parameters.length}`,
      parameters,
    )) as DeviceRow[];
    return rows.map(toDevice);
  }

  /** Oldest first, starting with the registration (kept on the device row). */
  async history(manager: EntityManager, device: Device): Promise<DeviceHistoryEntry[]> {
    const registered: DeviceHistoryEntry = {
      at: device.createdAt,
      actor: device.createdBy,
      from: null,
      to: 'in_stock',
      reason: device.createdVia === 'import' ? 'Import' : null,
      details: null,
    };
    const rows = (await manager.query(
      `SELECT at, actor, from_status, to_status, reason, details FROM devices.device_history WHERE device_id = $1 ORDER BY at, id`,
      [device.id],
    )) as Array<{
      at: Date | string;
      actor: string;
      from_status: DeviceStatus | null;
      to_status: DeviceStatus;
      reason: string | null;
      details: unknown;
    }>;
    return [
      registered,
      ...rows.map((row) => ({
        at: new Date(row.at),
        actor: row.actor,
        from: row.from_status,
        to: row.to_status,
        reason: row.reason,
        details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown> | null,
      })),
    ];
  }

  /** Moves a device (locked by the caller) to its next status and records who, when, why. */
  async changeStatus(
    manager: EntityManager,
    device: Device,
    change: {
      to: DeviceStatus;
      actor: string;
      reason: string | null;
      at: Date;
      holderId: string | null;
      details?: Record<string, unknown> | null;
      /** The request it is reserved for; undefined leaves it as it is. */
      requestId?: string | null;
    },
  ): Promise<Device> {
    await manager.query(
      `UPDATE devices.device SET status = $3, holder_id = $4, updated_at = $5, request_id = CASE WHEN $6 THEN $7::uuid ELSE request_id END WHERE tenant = $1 AND id = $2`,
      [device.tenant, device.id, change.to, change.holderId, change.at, change.requestId !== undefined, change.requestId ?? null],
    );
    await this.appendHistory(manager, device, {
      at: change.at,
      actor: change.actor,
      from: device.status,
      to: change.to,
      reason: change.reason,
      details: change.details ?? null,
    });
    const requestId = change.requestId !== undefined ? change.requestId : device.requestId;
    return { ...device, status: change.to, holderId: change.holderId, requestId, updatedAt: change.at };
  }

  private async appendHistory(manager: EntityManager, device: { id: string; tenant: string }, entry: DeviceHistoryEntry): Promise<void> {
    await manager.query(
      `INSERT INTO devices.device_history (id, device_id, tenant, at, actor, from_status, to_status, reason, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [
        newId(),
        device.id,
        device.tenant,
        entry.at,
        entry.actor,
        entry.from,
        entry.to,
        entry.reason,
        entry.details ? JSON.stringify(entry.details) : null,
      ],
    );
  }
}

function dateOnly(value: string | Date | null): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    tenant: row.tenant,
    type: row.type,
    model: row.model,
    serial: row.serial,
    assetTag: row.asset_tag,
    imei: row.imei,
    purchase: {
      orderNumber: row.order_number,
      supplier: row.supplier,
      deliveredOn: dateOnly(row.delivered_on),
      warrantyUntil: dateOnly(row.warranty_until),
    },
    status: row.status,
    holderId: row.holder_id,
    requestId: row.request_id,
    createdBy: row.created_by,
    createdVia: row.created_via,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
