import { DomainError } from '@amtsweg/platform';
import { Logger, type INestApplication } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import { v5 } from 'uuid';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { CreateTenantHandler } from '../tenancy/create-tenant/create-tenant.handler';
import { TenantDirectory } from '../tenancy/tenant-directory';
import { parseClockTime, WeeklyOpeningHours } from '../office/opening-hours';
import { DEMO_IDS, DEMO_NAMESPACE, DEMO_OFFICES, DEMO_SERVICES, DEMO_TENANTS } from './demo-data';

const logger = new Logger('AppointmentsSeed');

/**
 * Demo tenants `demo` and `muster` (through CreateTenant) with offices, counters, opening hours and services. Idempotent:
 * fixed ids, and what exists is left as it is — except the demo closure, which moves ahead of
 * `today` once it has passed, so the demo always shows one. Called at every non-production start.
 */
export async function seedDemoData(app: INestApplication, options: { today: Date | string }): Promise<void> {
  const today =
    typeof options.today === 'string' ? options.today : DateTime.fromJSDate(options.today, { zone: 'Europe/Berlin' }).toISODate()!;
  await seedDemoTenants(app.get(CreateTenantHandler), app.get(TenantDirectory));
  const now = new Date();
  await app.get<DataSource>(APPOINTMENTS_DATA_SOURCE).transaction(async (manager) => {
    for (const office of DEMO_OFFICES) {
      const intervals = office.hours.flatMap(({ weekdays, opens, closes }) => weekdays.map((weekday) => ({ weekday, opens, closes })));
      // Refuses overlapping demo hours here, with a clear message, rather than at the constraint.
      WeeklyOpeningHours.of(
        intervals.map((i) => ({ weekday: i.weekday, opens: parseClockTime(i.opens), closes: parseClockTime(i.closes) })),
      );
      await insertOnce(manager, 'office', {
        id: office.id,
        tenant: office.tenant,
        name: office.name,
        street: office.street,
        postal_code: office.postalCode,
        city: office.city,
        time_zone: office.timeZone,
        slot_grid_minutes: office.slotGridMinutes,
        created_at: now,
      });
      for (const interval of intervals) {
        await insertOnce(manager, 'opening_interval', {
          id: v5(`${office.id}/${interval.weekday}/${interval.opens}`, DEMO_NAMESPACE),
          tenant: office.tenant,
          office_id: office.id,
          ...interval,
        });
      }
      for (const counter of office.counters) {
        await insertOnce(manager, 'counter', { id: counter.id, tenant: office.tenant, office_id: office.id, name: counter.name });
      }
    }
    for (const service of DEMO_SERVICES) {
      await insertOnce(manager, 'service', {
        id: service.id,
        tenant: service.tenant,
        name: service.name,
        duration_minutes: service.durationMinutes,
      });
    }
    const outing = firstWednesdayFrom(DateTime.fromISO(today).plus({ days: 28 })).toISODate()!;
    await manager.query(
      `INSERT INTO appointments.closure (id, tenant, office_id, first_day, last_day, reason) VALUES ($1, 'demo', $2, $3, $3, 'Betriebsausflug')
       ON CONFLICT (id) DO UPDATE SET first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day WHERE appointments.closure.last_day < $4::date`,
      [DEMO_IDS.closures.demoMitteOuting, DEMO_IDS.offices.demoMitte, outing, today],
    );
  });
  logger.log(`demo data present: tenants ${DEMO_TENANTS.map((t) => t.slug).join(', ')}`);
}

/**
 * The demo tenants, created as a provider-admin creates any tenant (the same use case, so every
 * service learns them from `tenant.created`), with their own booking rules: bot resistance off.
 */
async function seedDemoTenants(create: CreateTenantHandler, directory: TenantDirectory): Promise<void> {
  for (const tenant of DEMO_TENANTS) {
    if (await directory.find(tenant.slug)) continue;
    await create.execute(tenant).catch((error: unknown) => {
      // Another process seeding the same database at the same moment created it first.
      if (!(error instanceof DomainError && error.code === 'TENANT.SLUG_TAKEN')) throw error;
    });
  }
}

async function insertOnce(manager: EntityManager, table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row);
  await manager.query(
    `INSERT INTO appointments.${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
    Object.values(row),
  );
}

function firstWednesdayFrom(day: DateTime): DateTime {
  return day.plus({ days: (3 - day.weekday + 7) % 7 });
}
