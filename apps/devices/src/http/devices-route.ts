import { KnownTenantsGuard, type TenantRouteOptions } from '@amtsweg/platform';

/**
 * `@TenantRoute(path, DEVICES_ROUTE)`. A tenant this service's projection of the registry does not
 * know is 404 and a suspended one 403 `TENANT.SUSPENDED` (KnownTenantsGuard). A token names its
 * tenant; a token for another tenant than the path's is answered 404 (AuthGuard), and every query
 * filters by the tenant.
 */
export const DEVICES_ROUTE: TenantRouteOptions = {
  tag: 'devices',
  notFound: 'Unknown tenant or device, or one the caller may not see',
  guards: [KnownTenantsGuard],
};
