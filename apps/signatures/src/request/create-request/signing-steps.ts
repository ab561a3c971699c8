import { DomainError } from '@amtsweg/platform';
import { MAX_SIGNERS, MAX_SIGNERS_PER_STEP, MAX_STEPS } from '../signature-request';

/**
 * Reads the `steps` field: a JSON array of steps, each a non-empty array of signers given by user
 * id or e-mail address — `[["clerk@demo.example"], ["<user id>", "staff@demo.example"]]`.
 */
export function parseSigningSteps(text: string): string[][] {
  const invalid = (message: string) =>
    DomainError.badRequest('REQUEST.INVALID', 'Some fields of the request are missing or invalid.', [{ field: 'steps', message }]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('must be JSON: an array of steps, each an array of user ids or e-mail addresses');
  }
  if (!Array.isArray(value) || value.length === 0) throw invalid('must be a non-empty array of steps');
  if (value.length > MAX_STEPS) throw invalid(`may have at most ${MAX_STEPS} steps`);
  const steps = value.map((step, index) => {
    if (!Array.isArray(step) || step.length === 0) throw invalid(`step ${index + 1} must be a non-empty array of signers`);
    if (step.length > MAX_SIGNERS_PER_STEP) throw invalid(`step ${index + 1} may have at most ${MAX_SIGNERS_PER_STEP} signers`);
    return step.map((signer) => {
      if (typeof signer !== 'string' || signer.trim() === '' || signer.length > 255)
        throw invalid(`step ${index + 1} names a signer that is not a user id or e-mail address`);
      return signer.trim();
    });
  });
  if (steps.flat().length > MAX_SIGNERS) throw invalid(`may name at most ${MAX_SIGNERS} signers`);
  return steps;
}
