import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Application-generated ids (UUIDv7: time-ordered, so indexes and outbox order stay tidy). */
export function newId(): string {
  return v7();
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A URL-safe secret with 256 bits of entropy. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
