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

/** Keyset cursors: opaque to clients, base64url of the sort key. */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === length && parts.every((p) => typeof p === 'string')) return parts as string[];
  } catch {
    // falls through: not one of ours
  }
  return undefined;
}
