import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { UUID_PATTERN } from '../ids/ids';
import { DomainError } from './problem';

/** A path or query id that is not a UUID is a malformed request (400), not an unknown resource. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID_PATTERN.test(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw DomainError.badRequest('REQUEST.INVALID_ID', `"${field}" must be a UUID.`, [{ field, message: 'must be a UUID' }]);
  }
}

/** What an identity provider may issue as `sub`: 1–255 characters, none of them a control character. */
const USER_ID_PATTERN = /^[^\p{Cc}]{1,255}$/u;

/**
 * A user id in a path. Not a UUID: it is the identity provider's `sub`. Anything no provider issues
 * (a control character, over 255 characters) is a malformed request (400) — PostgreSQL would refuse
 * a NUL byte with an error, not a miss.
 */
@Injectable()
export class UserIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && USER_ID_PATTERN.test(value)) return value;
    const field = metadata.data ?? 'userId';
    throw DomainError.badRequest('REQUEST.INVALID_ID', `"${field}" must be a user id: 1–255 characters, no control characters.`, [
      { field, message: 'must be a user id' },
    ]);
  }
}
