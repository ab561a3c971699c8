import type { EntityManager } from 'typeorm';

/**
 * The SEQUENCE of a booking's calendar entry: one more for each file sent (reschedule, cancellation),
 * so calendar clients take every update — and never below the booking's revision, which the
 * downloaded file (appointments) uses, so a mailed file always supersedes a download of the same
 * state. Events of one booking arrive in order (one key, one partition), so a row per booking is enough.
 */
export async function nextCalendarSequence(manager: EntityManager, tenant: string, bookingId: string, revision: number): Promise<number> {
  const [row]: Array<{ sequence: number }> = await manager.query(
    `INSERT INTO messaging.booking_calendar (booking_id, tenant, sequence, updated_at)
     VALUES ($1, $2, $3, now())
     ON CONFLICT (booking_id) DO UPDATE SET sequence = GREATEST(messaging.booking_calendar.sequence + 1, $3), updated_at = now()
     RETURNING sequence`,
    [bookingId, tenant, revision],
  );
  return Number(row.sequence);
}
