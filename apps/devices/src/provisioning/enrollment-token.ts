import { createHash } from 'node:crypto';
import { newSecret } from '@amtsweg/platform';

/** A one-time enrollment token: 256 random bits, URL-safe; only its SHA-256 is stored. */
export class EnrollmentToken {
  static readonly PATTERN = /^[A-Za-z0-9_-]{43}$/;

  static issue(): { token: string; sha256: string } {
    const token = newSecret();
    return { token, sha256: EnrollmentToken.sha256(token) };
  }

  static sha256(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
