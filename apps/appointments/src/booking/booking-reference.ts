import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

/** Letters and digits nobody confuses on paper or on the phone: no 0/O, 1/I/L. */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const REFERENCE_PATTERN = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/;

/**
 * 8 random characters, `XXXX-XXXX` (31^8 ≈ 8.5 × 10^11). Short enough to read out, but not the
 * secret: the manage token is. Unbiased: bytes that would favour some characters are redrawn.
 */
export function newBookingReference(random: (size: number) => Buffer = randomBytes): string {
  const limit = 256 - (256 % REFERENCE_ALPHABET.length);
  const chars: string[] = [];
  while (chars.length < 8) {
    for (const byte of random(16)) {
      if (byte < limit && chars.length < 8) chars.push(REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]);
    }
  }
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** As a citizen types it: case and surrounding spaces do not matter. Undefined when it cannot be one. */
export function normaliseBookingReference(text: string): string | undefined {
  const reference = text.trim().toUpperCase();
  return REFERENCE_PATTERN.test(reference) ? reference : undefined;
}

/** Port, so that a test can force a collision. */
@Injectable()
export class BookingReferences {
  next(): string {
    return newBookingReference();
  }
}
