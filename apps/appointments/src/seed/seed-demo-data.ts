import { DomainError } from '@amtsweg/platform';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CreateTenantHandler } from '../tenancy/create-tenant/create-tenant.handler';
import { TenantDirectory } from '../tenancy/tenant-directory';
import { DEMO_TENANTS } from './demo-data';
import { seedDemoOffices } from './seed-demo-offices';

const logger = new Logger('AppointmentsSeed');

/**
 * Demo tenants `demo` and `muster` (through CreateTenant, as a provider-admin creates any tenant), then
 * their offices, services and closure (seedDemoOffices, through the tenant admin's use cases).
 * Idempotent: fixed ids, and what exists is left as it is. Called at every non-production start.
 */
export async function seedDemoData(app: INestApplicationContext, options: { today: Date | string }): Promise<void> {
  const today =
    typeof options.today === 'string' ? options.today : DateTime.fromJSDate(options.today, { zone: 'Europe/Berlin' }).toISODate()!;
  await seedDemoTenants(app.get(CreateTenantHandler), app.get(TenantDirectory));
  await seedDemoOffices(app, today);
  logger.log(`demo data present: tenants ${DEMO_TENANTS.map((t) => t.slug).join(', ')}`);
}

/**
 * The demo tenants, created by the same use case as `POST /tenants` (so every service learns them
 * from `tenant.created`), with their own booking rules: bot resistance off.
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
