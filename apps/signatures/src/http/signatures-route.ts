import type { TenantRouteOptions } from '@amtsweg/platform';

/**
 * `@TenantRoute(path, SIGNATURES_ROUTE)`. There is no tenant registry here: a token names its tenant,
 * and a token for another tenant than the path's is answered 404 (AuthGuard).
 */
export const SIGNATURES_ROUTE: TenantRouteOptions = {
  tag: 'signatures',
  notFound: 'Unknown tenant or request, or a request the caller takes no part in',
};
