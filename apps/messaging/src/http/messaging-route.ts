import { KnownTenantsGuard, type TenantRouteOptions } from '@amtsweg/platform';

/**
 * `@TenantRoute(path, messagingRoute(tag))`. A tenant this service's projection of the registry does
 * not know is 404 and a suspended one 403 `TENANT.SUSPENDED` (KnownTenantsGuard). A token for another
 * tenant than the path's is answered 404 (AuthGuard), like anything the caller may not see.
 */
export function messagingRoute(tag = 'messaging'): TenantRouteOptions {
  return { tag, notFound: 'Unknown tenant or resource, or one the caller may not see', guards: [KnownTenantsGuard] };
}
