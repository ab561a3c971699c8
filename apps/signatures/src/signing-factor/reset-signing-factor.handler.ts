import { Inject, Injectable, Logger } from '@nestjs/common';
import { SigningFactorResetV1 } from '@amtsweg/contracts';
import { AdminAudit, Outbox } from '@amtsweg/eventing';
import { changedRows, dataSourceToken, DomainError, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { TenantAuditTrail } from '../audit/tenant-audit-trail';

/**
 * A tenant-admin removes a person's second factor (a lost phone): they set it up again before they
 * next sign. In one transaction: the factor gone, the tenant's audit entry, and the event by which
 * messaging tells the person (found by user id in its directory) — a reset nobody asked for must not go unnoticed.
 */
@Injectable()
export class ResetSigningFactorHandler {
  private readonly logger = new Logger(ResetSigningFactorHandler.name);

  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly audit: TenantAuditTrail,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly adminAudit: AdminAudit,
  ) {}

  async execute(admin: Principal, userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const removed = await changedRows(manager, `DELETE FROM signatures.signing_factor WHERE tenant = $1 AND user_id = $2`, [
        admin.tenant,
        userId,
      ]);
      if (removed === 0)
        throw DomainError.notFound('SIGNING_FACTOR.NOT_ENROLLED', 'This person has no second factor for signing to reset.');
      const now = this.clock.now();
      await this.audit.append(manager, admin.tenant, 'signing-factor-reset', admin.userId, now, { userId });
      await this.outbox.append(
        manager,
        SigningFactorResetV1,
        { tenant: admin.tenant, userId, resetBy: admin.userId, resetAt: now.toISOString() },
        { subject: userId, tenantId: admin.tenant },
      );
      await this.adminAudit.record(manager, {
        tenant: admin.tenant,
        actor: { userId: admin.userId, role: 'tenant-admin' },
        action: 'signing-factor.reset',
        subject: { type: 'signing-factor', id: userId },
        before: { userId, enrolled: true },
        after: { userId, enrolled: false },
      });
    });
    this.logger.log(`second factor of user ${userId} reset by ${admin.userId}`);
  }
}
