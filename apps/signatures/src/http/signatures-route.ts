import { KnownTenantsGuard, type TenantRouteOptions } from '@amtsweg/platform';

/**
 * `@TenantRoute(path, SIGNATURES_ROUTE)`. A tenant this service's projection of the registry does
 * not know is 404 and a suspended one 403 `TENANT.SUSPENDED` (KnownTenantsGuard), before the token is
 * checked; a token for another tenant than the path's is answered 404 (AuthGuard).
 */
export const SIGNATURES_ROUTE: TenantRouteOptions = {
  tag: 'signatures',
  notFound: 'Unknown tenant or request, or a request the caller takes no part in',
  guards: [KnownTenantsGuard],
};
