import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from './problem';

export const TENANT_SLUG = /^[a-z0-9-]{2,63}$/;

/** A malformed tenant slug cannot name a tenant: 404, like an unknown one. */
@Injectable()
export class TenantSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !TENANT_SLUG.test(value)) throw DomainError.notFound('TENANT.NOT_FOUND', 'No such tenant.');
    return value;
  }
}
