import type { TenantRouteOptions } from '@amtsweg/platform';
import { KnownTenantGuard } from '../tenancy/known-tenant.guard';

/**
 * `@TenantRoute(path, appointmentsRoute(tag))`: an unknown tenant answers 404 on every route, before
 * validation and before token checks. Citizens' routes are public, so each signed-in route documents its 401.
 */
export function appointmentsRoute(tag: string): TenantRouteOptions {
  return { tag, notFound: 'Unknown tenant (or resource)', signedIn: 'per route', guards: [KnownTenantGuard] };
}
