import { TenantCreatedV1 } from '@amtsweg/contracts';
import { AdminAudit } from '@amtsweg/eventing';
import { Clock, DomainError, newId, PgError, sqlState, type AdminActor } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { DEFAULT_TIME_ZONE, RESERVED_TENANT_SLUGS, slugProblem, TENANT_DEFAULTS, type Tenant, type TenantSettings } from '../tenant';
import { TenantDirectory } from '../tenant-directory';
import { TenantEvents } from '../tenant-events';
import { tenantResponse } from '../tenant.response.dto';

export interface CreateTenantCommand {
  slug: string;
  name: string;
  federalState: string;
  /** IANA zone; default Europe/Berlin. */
  timeZone?: string;
  /** The demo seed only: booking rules other than TENANT_DEFAULTS (the demo has bot resistance off). */
  settings?: TenantSettings;
  /** The demo seed only: its fixed id. */
  id?: string;
  /** The provider-admin creating it, for the admin audit; none for the demo seed. */
  actor?: AdminActor;
}

/**
 * A provider-admin puts a municipality on amtsweg: the registry row with the default booking
 * rules and `tenant.created` in one transaction, so every other service learns it. The demo seed
 * creates `demo` and `muster` through here too.
 */
@Injectable()
export class CreateTenantHandler {
  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly tenants: TenantDirectory,
    private readonly events: TenantEvents,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  async execute(command: CreateTenantCommand): Promise<Tenant> {
    const problem = slugProblem(command.slug);
    if (problem) {
      const code = RESERVED_TENANT_SLUGS.has(command.slug) ? 'TENANT.SLUG_RESERVED' : 'TENANT.SLUG_INVALID';
      throw DomainError.unprocessable(code, problem, [{ field: 'slug', message: problem }]);
    }
    const tenant: Tenant = {
      slug: command.slug,
      name: command.name,
      federalState: command.federalState,
      timeZone: canonicalTimeZone(command.timeZone ?? DEFAULT_TIME_ZONE),
      suspended: false,
      suspendedSince: null,
      revision: 1,
      settings: command.settings ?? { ...TENANT_DEFAULTS.settings },
    };
    try {
      await this.dataSource.transaction(async (manager) => {
        if (await this.tenants.find(tenant.slug, manager)) throw slugTaken(tenant.slug);
        // An off-boarded municipality's slug stays retired: old links and bookmarks never reach a new one.
        if (await this.tenants.isRetired(tenant.slug, manager)) throw slugTaken(tenant.slug);
        const { settings } = tenant;
        await manager.query(
          `INSERT INTO appointments.tenant (id, slug, name, federal_state, time_zone, suspended, revision,
             max_active_bookings_per_email, booking_window_days, lead_time_minutes, hold_minutes, waiting_offer_minutes,
             requests_per_minute_per_address, proof_of_work_max_number, reopen_delay_minutes, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [
            command.id ?? newId(),
            tenant.slug,
            tenant.name,
            tenant.federalState,
            tenant.timeZone,
            tenant.suspended,
            tenant.revision,
            settings.maxActiveBookingsPerEmail,
            settings.bookingWindowDays,
            settings.leadTimeMinutes,
            settings.holdMinutes,
            settings.waitingOfferMinutes,
            settings.requestsPerMinutePerAddress,
            settings.proofOfWorkMaxNumber,
            settings.reopenDelayMinutes,
            this.clock.now(),
          ],
        );
        await this.events.append(manager, TenantCreatedV1, tenant);
        if (command.actor) {
          await this.audit.record(manager, {
            tenant: tenant.slug,
            actor: command.actor,
            action: 'tenant.created',
            subject: { type: 'tenant', id: tenant.slug },
            before: null,
            after: tenantResponse(tenant),
          });
        }
      });
    } catch (error) {
      // Two creations of one slug at once: the unique index decides, the loser hears 409.
      if (sqlState(error) === PgError.uniqueViolation) throw slugTaken(tenant.slug);
      throw error;
    }
    return tenant;
  }
}

function slugTaken(slug: string): DomainError {
  return DomainError.conflict('TENANT.SLUG_TAKEN', `A tenant "${slug}" exists already.`);
}

/** The zone as the IANA database spells it (`europe/berlin` → `Europe/Berlin`); 422 for one it does not know. */
function canonicalTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw DomainError.unprocessable('TENANT.TIME_ZONE_UNKNOWN', `"${zone}" is not an IANA time zone.`, [
      { field: 'timeZone', message: 'not an IANA time zone' },
    ]);
  }
}
