import { createHash, timingSafeEqual } from 'node:crypto';

/** The manage token is the citizen's only key to a booking; only its SHA-256 is stored. */
export function hashManageToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

// Compared against when a reference is unknown, so both answers take the same time.
const NOTHING = hashManageToken('');

/** Whether `token` is the one whose hash is stored, compared in constant time. */
export function manageTokenMatches(token: unknown, storedHash: string | undefined): boolean {
  const offered = Buffer.from(hashManageToken(typeof token === 'string' ? token : ''), 'hex');
  const stored = Buffer.from(storedHash ?? NOTHING, 'hex');
  const equal = stored.length === offered.length && timingSafeEqual(stored, offered);
  return equal && storedHash !== undefined && typeof token === 'string' && token.length > 0;
}
