import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export const BATCH_STATUSES = ['running', 'finished', 'aborted'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface BatchFailure {
  deviceId: string;
  reason: string;
}

/** One bulk provisioning call and how far it got. */
export interface ProvisioningBatch {
  id: string;
  tenant: string;
  profileId: string;
  status: BatchStatus;
  total: number;
  provisioned: number;
  failed: number;
  failures: BatchFailure[];
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

interface BatchRow {
  id: string;
  tenant: string;
  profile_id: string;
  status: BatchStatus;
  total: number;
  provisioned: number;
  failed: number;
  failures: unknown;
  created_by: string;
  created_at: Date | string;
  finished_at: Date | string | null;
}

@Injectable()
export class ProvisioningBatches {
  async insert(manager: EntityManager, batch: ProvisioningBatch): Promise<void> {
    await manager.query(
      `INSERT INTO devices.provisioning_batch (id, tenant, profile_id, status, total, provisioned, failed, failures, created_by, created_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
      [
        batch.id,
        batch.tenant,
        batch.profileId,
        batch.status,
        batch.total,
        batch.provisioned,
        batch.failed,
        JSON.stringify(batch.failures),
        batch.createdBy,
        batch.createdAt,
        batch.finishedAt,
      ],
    );
  }

  /** Adds one chunk's outcome, in the chunk's transaction: the progress is exactly what is committed. */
  async addProgress(manager: EntityManager, id: string, provisioned: number, failures: BatchFailure[]): Promise<void> {
    await manager.query(
      `UPDATE devices.provisioning_batch SET provisioned = provisioned + $2, failed = failed + $3, failures = failures || $4::jsonb WHERE id = $1`,
      [id, provisioned, failures.length, JSON.stringify(failures)],
    );
  }

  async end(manager: EntityManager, id: string, status: Exclude<BatchStatus, 'running'>, at: Date): Promise<void> {
    await manager.query(`UPDATE devices.provisioning_batch SET status = $2, finished_at = $3 WHERE id = $1`, [id, status, at]);
  }

  async find(manager: EntityManager, tenant: string, id: string): Promise<ProvisioningBatch | undefined> {
    const rows = (await manager.query(`SELECT * FROM devices.provisioning_batch WHERE tenant = $1 AND id = $2`, [
      tenant,
      id,
    ])) as BatchRow[];
    return rows[0] ? toBatch(rows[0]) : undefined;
  }
}

function toBatch(row: BatchRow): ProvisioningBatch {
  return {
    id: row.id,
    tenant: row.tenant,
    profileId: row.profile_id,
    status: row.status,
    total: row.total,
    provisioned: row.provisioned,
    failed: row.failed,
    failures: (typeof row.failures === 'string' ? JSON.parse(row.failures) : row.failures) as BatchFailure[],
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
  };
}
