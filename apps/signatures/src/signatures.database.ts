import type { ServiceDatabase } from '@amtsweg/platform';
import { signaturesMigrations } from './migrations';

/**
 * Signatures' own data: schema `signatures` (embedded) or database `amtsweg_signatures`.
 * Every statement is raw, schema-qualified SQL (`signatures.<table>`): the embedded database is one
 * session shared by all services, and documents (bytea), row locks and the scheduler's
 * `SKIP LOCKED` read plainest that way. So no entities.
 */
export const signaturesDatabase: ServiceDatabase = {
  service: 'signatures',
  entities: [],
  migrations: signaturesMigrations,
};
