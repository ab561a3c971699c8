import type { EntityManager } from 'typeorm';
import type { EventingTables } from '../eventing-tables';

/**
 * Records that `consumer` has received event `eventId`, in the caller's transaction — the one that
 * also holds the handler's effect. False when it was recorded before: the event is a redelivery
 * and must change nothing.
 */
export async function recordReceipt(manager: EntityManager, tables: EventingTables, eventId: string, consumer: string): Promise<boolean> {
  const inserted = (await manager.query(
    `INSERT INTO ${tables.inbox} (event_id, consumer, received_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING RETURNING event_id`,
    [eventId, consumer],
  )) as unknown[];
  return inserted.length === 1;
}
