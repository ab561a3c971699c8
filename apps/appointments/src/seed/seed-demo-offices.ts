import { DomainError } from '@amtsweg/platform';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { AddClosureHandler } from '../office/add-closure/add-closure.handler';
import { CreateOfficeHandler } from '../office/create-office/create-office.handler';
import { CreateServiceHandler } from '../office/create-service/create-service.handler';
import { parseClockTime, WeeklyOpeningHours } from '../office/opening-hours';
import { TenantDirectory } from '../tenancy/tenant-directory';
import { DEMO_IDS, DEMO_OFFICES, DEMO_SERVICES, type DemoOffice } from './demo-data';

const logger = new Logger('AppointmentsSeed');

/**
 * The demo offices, services and closure, made through the tenant admin's use cases — the demo is
 * an instance of the real path. Idempotent: what exists (even deleted by an admin) is left as it
 * is — except the demo closure, which moves ahead of `today` once it has passed, so the demo always
 * shows one. Every demo service is offered at every office of its tenant.
 */
export async function seedDemoOffices(app: INestApplicationContext, today: string): Promise<void> {
  const dataSource = app.get<DataSource>(APPOINTMENTS_DATA_SOURCE);
  const exists = async (table: 'office' | 'service', id: string) =>
    ((await dataSource.query(`SELECT 1 FROM appointments.${table} WHERE id = $1`, [id])) as unknown[]).length > 0;

  for (const office of DEMO_OFFICES) {
    if (await exists('office', office.id)) continue;
    await app.get(CreateOfficeHandler).execute({ tenant: { slug: office.tenant }, id: office.id, office: officeDraft(office) });
  }
  for (const service of DEMO_SERVICES) {
    if (await exists('service', service.id)) continue;
    const officeIds = DEMO_OFFICES.filter((office) => office.tenant === service.tenant).map((office) => office.id);
    await app.get(CreateServiceHandler).execute({
      tenant: { slug: service.tenant },
      id: service.id,
      service: { name: service.name, durationMinutes: service.durationMinutes, officeIds, description: null, documents: [], fee: null },
    });
  }
  await seedDemoClosure(app, dataSource, today);
}

async function seedDemoClosure(app: INestApplicationContext, dataSource: DataSource, today: string): Promise<void> {
  const id = DEMO_IDS.closures.demoMitteOuting;
  const [current] = (await dataSource.query(`SELECT last_day::text AS last_day FROM appointments.closure WHERE id = $1`, [id])) as Array<{
    last_day: string;
  }>;
  if (current && current.last_day >= today) return;
  const tenant = await app.get(TenantDirectory).find('demo');
  if (!tenant) return;
  const outing = firstWednesdayFrom(DateTime.fromISO(today).plus({ days: 28 })).toISODate()!;
  await dataSource.transaction(async (manager) => {
    await manager.query('DELETE FROM appointments.closure WHERE id = $1', [id]);
  });
  try {
    await app.get(AddClosureHandler).execute({
      tenant,
      officeId: DEMO_IDS.offices.demoMitte,
      id,
      firstDay: outing,
      lastDay: outing,
      reason: 'Betriebsausflug',
      cancelAffected: false,
    });
  } catch (error) {
    // Bookings on that day: the demo does without its closure this time rather than cancel them.
    if (!(error instanceof DomainError) || error.status !== 409) throw error;
    logger.warn(`demo closure on ${outing} left out: bookings on that day`);
  }
}

function officeDraft(office: DemoOffice) {
  const intervals = office.hours.flatMap(({ weekdays, opens, closes }) =>
    weekdays.map((weekday) => ({ weekday, opens: parseClockTime(opens), closes: parseClockTime(closes) })),
  );
  return {
    name: office.name,
    address: { street: office.street, postalCode: office.postalCode, city: office.city },
    timeZone: office.timeZone,
    slotGridMinutes: office.slotGridMinutes,
    counters: office.counters,
    openingHours: WeeklyOpeningHours.of(intervals),
    phone: null,
    email: null,
    accessibility: null,
    directions: null,
  };
}

function firstWednesdayFrom(day: DateTime): DateTime {
  return day.plus({ days: (3 - day.weekday + 7) % 7 });
}
