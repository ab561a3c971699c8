import type { TenantRouteOptions } from '@amtsweg/platform';

/**
 * `@TenantRoute(path, messagingRoute(tag))`. A token for another tenant than the path's is answered
 * 404 (AuthGuard), like anything the caller may not see.
 */
export function messagingRoute(tag = 'messaging'): TenantRouteOptions {
  return { tag, notFound: 'Unknown tenant or resource, or one the caller may not see' };
}
