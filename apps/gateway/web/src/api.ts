import { currentSession } from './session.js';

/** An RFC 9457 problem as the services answer it. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; message: string }>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

/** Status 0: the request never got an answer. */
export const NETWORK_FAILURE = 0;

/**
 * Calls the platform API on the same origin. JSON in and out; the staff token (if signed in) as
 * bearer; every failure becomes an ApiError carrying the problem document.
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const session = currentSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError({ status: NETWORK_FAILURE });
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError({ status: response.status, ...(isObject(body) ? body : {}) });
  return body as T;
}

/** A file the API serves (a PDF), as a Blob: fetched with the bearer token, which a plain link cannot send. */
export async function apiBlob(path: string): Promise<Blob> {
  const session = currentSession();
  const response = await fetch(path, { headers: session ? { authorization: `Bearer ${session.token}` } : {} }).catch(() => undefined);
  if (!response) throw new ApiError({ status: NETWORK_FAILURE });
  if (!response.ok) throw new ApiError({ status: response.status, ...((await response.json().catch(() => ({}))) as object) });
  return response.blob();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function tenantPath(tenant: string, path: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenant)}${path}`;
}
