import { type PipeTransform } from '@nestjs/common';
import { UUID_PATTERN } from '@amtsweg/platform';
import { ScimErrors } from './scim-errors';

/**
 * A SCIM User id in the path: our person ids are UUIDs, so anything else is a user that does not
 * exist (404, as SCIM says it), never a query (a NUL in the id once reached the database: 500).
 */
export class ScimUserIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && UUID_PATTERN.test(value)) return value.toLowerCase();
    throw ScimErrors.notFound('user');
  }
}
