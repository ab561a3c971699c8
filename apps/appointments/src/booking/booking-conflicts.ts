import { PgError, sqlState } from '@amtsweg/platform';
import { BookingErrors } from './booking';

/** Races the database settled against us: another request took the counter, the reference, or the lock first. */
const RETRYABLE: ReadonlySet<string | undefined> = new Set([
  PgError.exclusionViolation,
  PgError.uniqueViolation,
  PgError.deadlockDetected,
  PgError.serializationFailure,
]);

export const MAX_BOOKING_ATTEMPTS = 5;

/**
 * Runs `attempt` (one whole transaction) again when the database refused it for a race, at most
 * `attempts` times, then answers 409 — a race never becomes a 5xx. Other errors pass through.
 */
export async function retryingBookingConflicts<T>(attempt: () => Promise<T>, attempts = MAX_BOOKING_ATTEMPTS): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!RETRYABLE.has(sqlState(error))) throw error;
      if (tried >= attempts) throw BookingErrors.slotTaken();
    }
  }
}
