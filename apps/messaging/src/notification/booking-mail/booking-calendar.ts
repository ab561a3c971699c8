import type { EntityManager } from 'typeorm';

/**
 * The SEQUENCE of a booking's calendar entry: 0 for the first file sent, one more for each later one
 * (reschedule, cancellation), so calendar clients take every update. Events of one booking arrive
 * in order (one key, one partition), so a counter per booking is enough.
 */
export async function nextCalendarSequence(manager: EntityManager, tenant: string, bookingId: string): Promise<number> {
  const [row]: Array<{ sequence: number }> = await manager.query(
    `INSERT INTO messaging.booking_calendar (booking_id, tenant, sequence, updated_at)
     VALUES ($1, $2, 0, now())
     ON CONFLICT (booking_id) DO UPDATE SET sequence = messaging.booking_calendar.sequence + 1, updated_at = now()
     RETURNING sequence`,
    [bookingId, tenant],
  );
  return Number(row.sequence);
}
