import type { EventContract } from '@amtsweg/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class InvalidEventPayloadError extends Error {
  override readonly name = 'InvalidEventPayloadError';

  constructor(
    readonly type: string,
    readonly problems: string[],
  ) {
    super(`invalid ${type} payload: ${problems.join('; ')}`);
  }
}

/**
 * `publish`: the producer must send exactly its contract, so unknown fields are refused.
 * `consume`: unknown fields are stripped, not refused — a producer may already send a newer,
 * additive revision of the same version (ARCHITECTURE.md: "A new field is additive").
 */
export type PayloadPolicy = 'publish' | 'consume';

/** Turns `data` into an instance of the contract, or throws InvalidEventPayloadError. */
export function validateEventPayload<T extends object>(contract: EventContract<T>, data: unknown, policy: PayloadPolicy): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidEventPayloadError(contract.type, ['payload must be a JSON object']);
  }
  const instance = plainToInstance(contract, data);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: policy === 'publish',
    forbidUnknownValues: true,
  });
  if (errors.length > 0) throw new InvalidEventPayloadError(contract.type, describe(errors));
  return instance;
}

// class-validator's messages name the field and the rule, never the value: payloads may carry
// personal data (an e-mail address), and these messages end up in logs and dead-letter headers.
function describe(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => `${path}${message}`),
    ...describe(error.children ?? [], `${path}${error.property}.`),
  ]);
}
