import { eventingMigrations } from '@amtsweg/eventing';
import type { ServiceDatabase } from '@amtsweg/platform';
import { OutboundMailEntity } from './mail/outbound-mail.entity';
import { messagingMigrations } from './migrations';

/** Messaging's own data: schema `messaging` (embedded) or database `amtsweg_messaging`. */
export const messagingDatabase: ServiceDatabase = {
  service: 'messaging',
  entities: [OutboundMailEntity],
  // Outbox and inbox first: the consumer records every event it handles in `messaging.inbox_event`.
  migrations: [...eventingMigrations('messaging'), ...messagingMigrations],
};

/**
 * The rows of a data-changing statement with RETURNING. TypeORM answers one its driver reports as
 * UPDATE or DELETE with [rows, count], any other with rows; a `WITH … DELETE` is reported as
 * DELETE by `pg` and may be named by its first keyword on the embedded driver.
 */
export function rowsOf<T>(result: T[] | [T[], number]): T[] {
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}
