import { sqlState } from '../database/postgres-errors';

/**
 * What a log line may say about an error: its class and its code (a SQLSTATE, or a socket error
 * such as ECONNREFUSED). Never the message: PostgreSQL quotes row values there (addresses,
 * e-mails, message bodies), and so can anything that wraps a database error.
 */
export function errorSummary(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error === 'object' && error !== null ? error.constructor.name : typeof error;
  const code = sqlState(error);
  return code ? `${name} (code ${code})` : name;
}
