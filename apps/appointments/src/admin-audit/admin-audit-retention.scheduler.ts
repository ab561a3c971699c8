import { Clock, Metrics, ScheduledRounds } from '@amtsweg/platform';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AppointmentsConfig } from '../appointments.config';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { AdminAuditLog } from './admin-audit-log';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Deletes admin audit entries older than ADMIN_AUDIT_RETENTION_DAYS (they hold people's names and
 * e-mail addresses), hourly; off when APPOINTMENTS_SCHEDULER_INTERVAL_MS is 0 (tests run `purge`).
 * One DELETE: safe with several instances, the second finds nothing.
 */
@Injectable()
export class AdminAuditRetention extends ScheduledRounds {
  private readonly logger = new Logger(AdminAuditRetention.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly log: AdminAuditLog,
    private readonly clock: Clock,
    private readonly config: AppointmentsConfig,
    @Optional() metrics?: Metrics,
  ) {
    super({ name: 'admin-audit-retention', intervalMs: config.APPOINTMENTS_SCHEDULER_INTERVAL_MS === 0 ? 0 : HOUR_MS }, metrics);
  }

  /** Deletes what is past retention; answers how many entries. */
  async purge(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.ADMIN_AUDIT_RETENTION_DAYS * DAY_MS);
    const deleted = await this.log.purgeBefore(this.dataSource.manager, before);
    if (deleted > 0) this.logger.log(`deleted ${deleted} admin audit entries past their retention period`);
    return deleted;
  }

  protected runRound(): Promise<number> {
    return this.purge();
  }
}
