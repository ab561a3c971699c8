/** SQLSTATE codes the services act on. Everything else is unexpected. */
export const PgError = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const direct = (error as { code?: unknown }).code;
  if (typeof direct === 'string') return direct;
  // TypeORM wraps the driver error in QueryFailedError.driverError.
  const inner = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof inner === 'string' ? inner : undefined;
}

/** A conflict that concurrency alone caused: retry, or answer 409 — never 5xx. */
export function isConcurrencyConflict(error: unknown): boolean {
  const state = sqlState(error);
  return state === PgError.serializationFailure || state === PgError.deadlockDetected;
}

/**
 * Server states that mean "not now" rather than "not this statement": class 08 (connection
 * exception), the server shutting down or starting up (57P01–57P03), no free connection (53300).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors of a server that is gone, restarting or unreachable. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** node-postgres reports a connection lost mid-query, or a pool that cannot connect in time, without a code. */
const LOST_CONNECTION =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;

/** The database cannot be reached or is restarting: the same request may well succeed shortly. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith('08') || UNAVAILABLE_STATES.has(state) || UNREACHABLE_CODES.has(state);
  const message =
    (error as { driverError?: { message?: unknown } } | null)?.driverError?.message ?? (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}
