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
