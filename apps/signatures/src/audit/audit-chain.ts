import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical-json';

export const AUDIT_ACTIONS = [
  'created',
  'step-started',
  'viewed',
  'downloaded',
  'signed',
  'rejected',
  'withdrawn',
  'expired',
  'reminded',
  'completed',
  'signing-failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The hash of the (absent) entry before the first. */
export const GENESIS_HASH = '0'.repeat(64);

/** `system` for what the scheduler does; otherwise a user id. */
export type AuditActor = string;

export interface AuditEntry {
  requestId: string;
  tenant: string;
  seq: number;
  action: AuditAction;
  actor: AuditActor;
  at: Date;
  details: { [key: string]: JsonValue };
  prevHash: string;
  hash: string;
}

/** SHA-256 over the canonical JSON of an entry's fields, its predecessor's hash among them: what links a chain. */
export function chainedHash(fields: { [key: string]: JsonValue }): string {
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

/** A chain per request. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return chainedHash({
    requestId: entry.requestId,
    tenant: entry.tenant,
    seq: entry.seq,
    action: entry.action,
    actor: entry.actor,
    at: entry.at.toISOString(),
    details: entry.details,
    prevHash: entry.prevHash,
  });
}

export interface ChainVerdict {
  intact: boolean;
  /** The first entry (seq) that does not fit: edited, reordered, or following a gap. */
  brokenAt?: number;
  /** The hash of the last entry: what a completion certificate quotes. */
  headHash?: string;
}

/** Recomputes the chain from the first entry: any edit, deletion or insertion breaks it from there on. */
export function verifyAuditChain(entries: readonly AuditEntry[]): ChainVerdict {
  let previous = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const fits = entry.seq === index + 1 && entry.prevHash === previous && auditEntryHash(entry) === entry.hash;
    if (!fits) return { intact: false, brokenAt: entry.seq === index + 1 ? entry.seq : index + 1 };
    previous = entry.hash;
  }
  return { intact: true, headHash: entries.length > 0 ? previous : undefined };
}
