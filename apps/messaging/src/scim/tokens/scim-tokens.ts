import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Clock, dataSourceToken, newId, newSecret } from '@amtsweg/platform';

export interface ScimTokenInfo {
  id: string;
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
}

interface ScimTokenRow {
  id: string;
  secret_hash: string;
  created_at: Date;
  created_by: string;
  last_used_at: Date | null;
}

const hash = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** `messaging.scim_token`: a tenant's SCIM tokens, kept as SHA-256 of their secret. Every query names the tenant. */
@Injectable()
export class ScimTokens {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A new token; its secret exists only in this answer. */
  async issue(tenant: string, createdBy: string): Promise<{ id: string; token: string }> {
    const id = newId();
    const token = newSecret();
    await this.dataSource.query(
      'INSERT INTO messaging.scim_token (id, tenant, secret_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5)',
      [id, tenant, hash(token), this.clock.now(), createdBy],
    );
    return { id, token };
  }

  async list(tenant: string): Promise<ScimTokenInfo[]> {
    const rows: ScimTokenRow[] = await this.dataSource.query(
      'SELECT id, secret_hash, created_at, created_by, last_used_at FROM messaging.scim_token WHERE tenant = $1 ORDER BY created_at, id',
      [tenant],
    );
    return rows.map((row) => ({
      id: row.id,
      createdAt: new Date(row.created_at),
      createdBy: row.created_by,
      lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    }));
  }

  /** False when the tenant has no such token. */
  async revoke(tenant: string, id: string): Promise<boolean> {
    const deleted: Array<{ id: string }> = await this.dataSource.query(
      // As a CTE, so that the driver answers rows (a bare DELETE answers [rows, count]).
      'WITH revoked AS (DELETE FROM messaging.scim_token WHERE tenant = $1 AND id::text = $2 RETURNING id) SELECT id FROM revoked',
      [tenant, id],
    );
    return deleted.length === 1;
  }

  /** Whether `token` is a live token of `tenant` (and notes its use); a token of another tenant is no token here. */
  async verify(tenant: string, token: string): Promise<boolean> {
    const presented = hash(token);
    const rows: ScimTokenRow[] = await this.dataSource.query(
      'SELECT id, secret_hash FROM messaging.scim_token WHERE tenant = $1 AND secret_hash = $2',
      [tenant, presented],
    );
    // The lookup found it by its hash; the comparison in constant time keeps a timing side channel shut all the same.
    const row = rows.find((candidate) => timingSafeEqual(Buffer.from(candidate.secret_hash, 'hex'), Buffer.from(presented, 'hex')));
    if (!row) return false;
    await this.dataSource.query('UPDATE messaging.scim_token SET last_used_at = $2 WHERE id = $1', [row.id, this.clock.now()]);
    return true;
  }
}
