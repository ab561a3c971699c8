import { DomainError } from '@amtsweg/platform';

/** E-mail addresses are one citizen regardless of case or surrounding spaces. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A tenant's limit of active future bookings per e-mail address (against slot hoarding).
 * `limit` null: no limit. Call it with the count read under the per-address lock.
 */
export function assertBelowEmailLimit(activeFutureBookings: number, limit: number | null): void {
  if (limit !== null && activeFutureBookings >= limit) {
    throw DomainError.conflict(
      'BOOKING.EMAIL_LIMIT_REACHED',
      `This e-mail address already has ${limit} upcoming appointment${limit === 1 ? '' : 's'}, the most allowed; cancel one to book another.`,
    );
  }
}
