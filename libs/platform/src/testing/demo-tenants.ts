import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { KnownTenants, TenantAnnouncer, type AnnouncedTenant } from '../tenancy/known-tenants';

/** The seeded tenants as appointments creates them (apps/appointments/src/seed/demo-data.ts). */
const DEMO_TENANTS: AnnouncedTenant[] = [
  { slug: 'demo', name: 'Stadt Demo', federalState: 'NW', timeZone: 'Europe/Berlin' },
  { slug: 'muster', name: 'Gemeinde Muster', federalState: 'NW', timeZone: 'Europe/Berlin' },
];

/**
 * A service that keeps a projection of the tenant registry but runs here without appointments
 * learns `demo` and `muster` as it would from appointments: `tenant.created` on its bus, through
 * its consumer and inbox. Appointments (which owns the registry) and stateless apps have no announcer.
 */
export async function announceDemoTenants(app: INestApplication): Promise<void> {
  const announcers = providersOf(app, TenantAnnouncer);
  for (const announcer of announcers) await announcer.announce(DEMO_TENANTS);
}

/**
 * Waits until every service of the app knows the demo tenants — in a process with appointments, once
 * its seed's `tenant.created` went through the relay and each service's consumer.
 */
export async function demoTenantsKnown(app: INestApplication, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const tenants of providersOf(app, KnownTenants)) {
    for (const { slug } of DEMO_TENANTS) {
      while (!(await tenants.find(slug))) {
        if (Date.now() > deadline) throw new Error(`the demo tenant "${slug}" is still unknown after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }
}

/** Every module's own instance of `token`: the all-in-one process has one per service. */
function providersOf<T>(app: INestApplication, token: abstract new (...args: never[]) => T): T[] {
  const found = new Set<T>();
  for (const module of app.get(ModulesContainer).values()) {
    const instance = module.providers.get(token)?.instance as T | undefined;
    if (instance) found.add(instance);
  }
  return [...found];
}
