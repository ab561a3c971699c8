import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { chainedHash, GENESIS_HASH } from './audit-chain';
import type { JsonValue } from './canonical-json';

/**
 * What belongs to the tenant rather than to one request: settings changed, a person's second
 * factor reset, a failed attempt to confirm one, a CA rolled in, a certificate revoked.
 */
export const TENANT_AUDIT_ACTIONS = [
  'settings-changed',
  'signing-factor-reset',
  'signing-factor-failed',
  'ca-rolled-in',
  'certificate-revoked',
] as const;
export type TenantAuditAction = (typeof TENANT_AUDIT_ACTIONS)[number];

export interface TenantAuditEntry {
  tenant: string;
  seq: number;
  action: TenantAuditAction;
  actor: string;
  at: Date;
  details: { [key: string]: JsonValue };
  prevHash: string;
  hash: string;
}

/** Hashed like a request's chain (audit-chain.ts), with the tenant in place of the request. */
export function tenantAuditEntryHash(entry: Omit<TenantAuditEntry, 'hash'>): string {
  return chainedHash({
    tenant: entry.tenant,
    seq: entry.seq,
    action: entry.action,
    actor: entry.actor,
    at: entry.at.toISOString(),
    details: entry.details,
    prevHash: entry.prevHash,
  });
}

/**
 * The tenant's hash chain. There is no tenant row to lock, so a transaction-scoped advisory lock
 * per tenant serialises appends (two never read the same predecessor).
 */
@Injectable()
export class TenantAuditTrail {
  async append(
    manager: EntityManager,
    tenant: string,
    action: TenantAuditAction,
    actor: string,
    at: Date,
    details: { [key: string]: JsonValue } = {},
  ): Promise<TenantAuditEntry> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`signatures-tenant-audit:${tenant}`]);
    const [last] = (await manager.query(`SELECT seq, hash FROM signatures.tenant_audit_entry WHERE tenant = $1 ORDER BY seq DESC LIMIT 1`, [
      tenant,
    ])) as Array<{ seq: number; hash: string }>;
    const unhashed = { tenant, seq: (last?.seq ?? 0) + 1, action, actor, at, details, prevHash: last?.hash ?? GENESIS_HASH };
    const entry: TenantAuditEntry = { ...unhashed, hash: tenantAuditEntryHash(unhashed) };
    await manager.query(
      `INSERT INTO signatures.tenant_audit_entry (tenant, seq, action, actor, at, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [entry.tenant, entry.seq, entry.action, entry.actor, entry.at, JSON.stringify(entry.details), entry.prevHash, entry.hash],
    );
    return entry;
  }
}
