import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { auditEntryHash, GENESIS_HASH, type AuditAction, type AuditEntry } from './audit-chain';
import type { JsonValue } from './canonical-json';

interface AuditRow {
  request_id: string;
  tenant: string;
  seq: number;
  action: AuditAction;
  actor: string;
  at: Date;
  details: { [key: string]: JsonValue };
  prev_hash: string;
  hash: string;
}

/**
 * Appends to and reads a request's audit chain. Appending reads the last entry and writes the next:
 * the caller must hold the request's row lock (`SELECT … FOR UPDATE`), so that two appends never
 * read the same predecessor — the primary key (request_id, seq) would refuse the second anyway.
 */
@Injectable()
export class AuditTrail {
  async append(
    manager: EntityManager,
    request: { id: string; tenant: string },
    action: AuditAction,
    actor: string,
    at: Date,
    details: { [key: string]: JsonValue } = {},
  ): Promise<AuditEntry> {
    const [last] = (await manager.query(`SELECT seq, hash FROM signatures.audit_entry WHERE request_id = $1 ORDER BY seq DESC LIMIT 1`, [
      request.id,
    ])) as Array<{
      seq: number;
      hash: string;
    }>;
    const unhashed = {
      requestId: request.id,
      tenant: request.tenant,
      seq: (last?.seq ?? 0) + 1,
      action,
      actor,
      at,
      details,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...unhashed, hash: auditEntryHash(unhashed) };
    await manager.query(
      `INSERT INTO signatures.audit_entry (request_id, seq, tenant, action, actor, at, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [
        entry.requestId,
        entry.seq,
        entry.tenant,
        entry.action,
        entry.actor,
        entry.at,
        JSON.stringify(entry.details),
        entry.prevHash,
        entry.hash,
      ],
    );
    return entry;
  }

  async entries(manager: EntityManager, tenant: string, requestId: string): Promise<AuditEntry[]> {
    const rows = (await manager.query(`SELECT * FROM signatures.audit_entry WHERE tenant = $1 AND request_id = $2 ORDER BY seq`, [
      tenant,
      requestId,
    ])) as AuditRow[];
    return rows.map((row) => ({
      requestId: row.request_id,
      tenant: row.tenant,
      seq: Number(row.seq),
      action: row.action,
      actor: row.actor,
      at: new Date(row.at),
      details: row.details,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
  }
}
