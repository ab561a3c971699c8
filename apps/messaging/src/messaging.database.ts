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

/** TypeORM answers an UPDATE or DELETE … RETURNING on `pg` as [rows, count], on the embedded driver as rows. */
export function rowsOf<T>(result: T[] | [T[], number]): T[] {
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}
