import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AdminAudit } from '@amtsweg/eventing';
import { Clock, dataSourceToken, newId, newSecret, type AdminActor } from '@amtsweg/platform';

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
    private readonly audit: AdminAudit,
  ) {}

  /** A new token; its secret exists only in this answer. */
  async issue(tenant: string, actor: AdminActor): Promise<{ id: string; token: string }> {
    const id = newId();
    const token = newSecret();
    const createdAt = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        'INSERT INTO messaging.scim_token (id, tenant, secret_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5)',
        [id, tenant, hash(token), createdAt, actor.userId],
      );
      // Never the secret nor its hash: the audit says that a token came to be, not what it is.
      await this.audit.record(manager, {
        tenant,
        actor,
        action: 'scim-token.created',
        subject: { type: 'scim-token', id },
        before: null,
        after: { id, createdAt, createdBy: actor.userId },
      });
    });
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
  async revoke(tenant: string, id: string, actor: AdminActor): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const deleted: Array<{ id: string; created_at: Date; created_by: string }> = await manager.query(
        // As a CTE, so that the driver answers rows (a bare DELETE answers [rows, count]).
        `WITH revoked AS (DELETE FROM messaging.scim_token WHERE tenant = $1 AND id::text = $2 RETURNING id, created_at, created_by)
         SELECT id, created_at, created_by FROM revoked`,
        [tenant, id],
      );
      if (deleted.length !== 1) return false;
      const [row] = deleted;
      await this.audit.record(manager, {
        tenant,
        actor,
        action: 'scim-token.revoked',
        subject: { type: 'scim-token', id: row.id },
        before: { id: row.id, createdAt: new Date(row.created_at), createdBy: row.created_by },
        after: null,
      });
      return true;
    });
  }

  /** The id of `token` when it is a live token of `tenant` (and notes its use); a token of another tenant is no token here. */
  async verify(tenant: string, token: string): Promise<string | undefined> {
    const presented = hash(token);
    const rows: ScimTokenRow[] = await this.dataSource.query(
      'SELECT id, secret_hash FROM messaging.scim_token WHERE tenant = $1 AND secret_hash = $2',
      [tenant, presented],
    );
    // The lookup found it by its hash; the comparison in constant time keeps a timing side channel shut all the same.
    const row = rows.find((candidate) => timingSafeEqual(Buffer.from(candidate.secret_hash, 'hex'), Buffer.from(presented, 'hex')));
    if (!row) return undefined;
    await this.dataSource.query('UPDATE messaging.scim_token SET last_used_at = $2 WHERE id = $1', [row.id, this.clock.now()]);
    return row.id;
  }
}
