import { Logger, type INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { DEMO_TENANTS } from './demo-data';
import { seedDemoOffices } from './seed-demo-offices';

const logger = new Logger('AppointmentsSeed');

/**
 * Demo tenants `demo` and `muster`, then their offices, services and closure (seedDemoOffices, through
 * the tenant admin's use cases). Idempotent: fixed ids, and what exists is left as it is. Called at
 * every non-production start.
 */
export async function seedDemoData(app: INestApplicationContext, options: { today: Date | string }): Promise<void> {
  const dataSource = app.get<DataSource>(APPOINTMENTS_DATA_SOURCE);
  const today =
    typeof options.today === 'string' ? options.today : DateTime.fromJSDate(options.today, { zone: 'Europe/Berlin' }).toISODate()!;
  const now = new Date();
  await dataSource.transaction(async (manager) => {
    for (const tenant of DEMO_TENANTS) {
      await insertOnce(manager, 'tenant', {
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        federal_state: tenant.federalState,
        max_active_bookings_per_email: tenant.settings.maxActiveBookingsPerEmail,
        booking_window_days: tenant.settings.bookingWindowDays,
        lead_time_minutes: tenant.settings.leadTimeMinutes,
        hold_minutes: tenant.settings.holdMinutes,
        waiting_offer_minutes: tenant.settings.waitingOfferMinutes,
        requests_per_minute_per_address: tenant.settings.requestsPerMinutePerAddress,
        proof_of_work_max_number: tenant.settings.proofOfWorkMaxNumber,
        reopen_delay_minutes: tenant.settings.reopenDelayMinutes,
        created_at: now,
      });
    }
  });
  await seedDemoOffices(app, today);
  logger.log(`demo data present: tenants ${DEMO_TENANTS.map((t) => t.slug).join(', ')}`);
}

async function insertOnce(manager: EntityManager, table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row);
  await manager.query(
    `INSERT INTO appointments.${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
    Object.values(row),
  );
}
