import { ProblemResponse, TenantRoute, type TenantRouteOptions } from '@amtsweg/platform';

/**
 * `@TenantRoute(path, messagingRoute(tag))`. A token for another tenant than the path's is answered
 * 404 (AuthGuard), like anything the caller may not see.
 */
export function messagingRoute(tag = 'messaging'): TenantRouteOptions {
  return { tag, notFound: 'Unknown tenant or resource, or one the caller may not see' };
}

/** Only conversation/ still uses this name; it goes when conversation/ moves onto TenantRoute (issue 15). */
export function MessagingRoute(path: string, tag?: string): ClassDecorator {
  return TenantRoute(path, messagingRoute(tag));
}

/** Only conversation/ still uses this name; it goes with MessagingRoute. */
export const MessagingProblem = ProblemResponse;
