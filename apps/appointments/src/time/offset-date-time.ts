import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

// A date-time with seconds optional and an explicit offset or Z: `2026-12-01T08:15:00+01:00`.
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Epoch milliseconds of an ISO 8601 date-time with offset or `Z`, or undefined when it is none. */
export function parseOffsetDateTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || !OFFSET_DATE_TIME.test(text)) return undefined;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** Validates an ISO 8601 date-time that names its offset (or `Z`); a local time alone is ambiguous. */
export function IsOffsetDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOffsetDateTime',
      validator: {
        validate: (value: unknown) => parseOffsetDateTime(value) !== undefined,
        defaultMessage: (args) => `${args?.property} must be an ISO 8601 date-time with an offset or Z, e.g. 2026-12-01T08:15:00+01:00`,
      },
    },
    options,
  );
}

/**
 * In a query string an unencoded `+` arrives as a space (`…T08:15:00 01:00`): read it as the `+`
 * the client meant instead of refusing a correct date-time for the way it was sent.
 */
export function OffsetInQuery(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.replace(/ (\d{2}:\d{2})$/, '+$1') : value));
}
