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
