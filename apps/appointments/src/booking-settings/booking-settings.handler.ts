import { AdminAudit, Outbox } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { BookingSettingsUpdatedV1 } from '@amtsweg/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import type { Tenant, TenantSettings } from '../tenancy/tenant';

/** A tenant admin's booking rules: the tenant row's settings columns, and an event for every change. */
@Injectable()
export class BookingSettingsHandler {
  private readonly logger = new Logger(BookingSettingsHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AdminAudit,
  ) {}

  async replace(tenant: Tenant, settings: TenantSettings, actor: AdminActor): Promise<TenantSettings> {
    const next: TenantSettings = {
      bookingWindowDays: settings.bookingWindowDays,
      leadTimeMinutes: settings.leadTimeMinutes,
      maxActiveBookingsPerEmail: settings.maxActiveBookingsPerEmail,
      holdMinutes: settings.holdMinutes,
      waitingOfferMinutes: settings.waitingOfferMinutes,
      requestsPerMinutePerAddress: settings.requestsPerMinutePerAddress,
      proofOfWorkMaxNumber: settings.proofOfWorkMaxNumber,
      reopenDelayMinutes: settings.reopenDelayMinutes,
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE appointments.tenant SET booking_window_days = $2, lead_time_minutes = $3, max_active_bookings_per_email = $4,
           hold_minutes = $5, waiting_offer_minutes = $6, requests_per_minute_per_address = $7, proof_of_work_max_number = $8,
           reopen_delay_minutes = $9
         WHERE slug = $1`,
        [
          tenant.slug,
          next.bookingWindowDays,
          next.leadTimeMinutes,
          next.maxActiveBookingsPerEmail,
          next.holdMinutes,
          next.waitingOfferMinutes,
          next.requestsPerMinutePerAddress,
          next.proofOfWorkMaxNumber,
          next.reopenDelayMinutes,
        ],
      );
      await this.outbox.append(manager, BookingSettingsUpdatedV1, { ...next }, { subject: tenant.slug, tenantId: tenant.slug });
      await this.audit.record(manager, {
        tenant: tenant.slug,
        actor,
        action: 'booking-settings.replaced',
        subject: { type: 'booking-settings', id: tenant.slug },
        before: { ...tenant.settings },
        after: next,
      });
    });
    this.logger.log(`tenant ${tenant.slug}: booking settings replaced`);
    return next;
  }
}
