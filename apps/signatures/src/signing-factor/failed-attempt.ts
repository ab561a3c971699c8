import { DomainError } from '@amtsweg/platform';

/**
 * Why an attempt to sign (or to confirm a second factor) failed, as the audit trail names it. Only
 * the refusals that say something about who is trying: guessing codes, no factor, out of turn.
 */
const REASONS: Record<string, string> = {
  'SIGNATURE.SECOND_FACTOR_INVALID': 'wrong-code',
  'SIGNATURE.SECOND_FACTOR_LOCKED': 'locked',
  'SIGNATURE.SECOND_FACTOR_REQUIRED': 'code-missing',
  'SIGNATURE.SECOND_FACTOR_NOT_ENROLLED': 'not-enrolled',
  'SIGNATURE.NOT_YOUR_TURN': 'not-your-turn',
};

export function failedAttemptReason(error: unknown): string | undefined {
  return error instanceof DomainError ? REASONS[error.code] : undefined;
}
