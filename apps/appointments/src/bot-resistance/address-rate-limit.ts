import { AddressRateLimit, ProblemResponse, tooManyRequests } from '@amtsweg/platform';
import { Injectable, UseGuards, applyDecorators, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Tenant } from '../tenancy/tenant';

/** Refuses a citizen's write request with 429 and Retry-After when the tenant's per-address limit is used up. */
@Injectable()
export class AddressRateLimitGuard implements CanActivate {
  constructor(private readonly limits: AddressRateLimit) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { tenant?: Tenant }>();
    const limit = request.tenant?.settings.requestsPerMinutePerAddress;
    if (!request.tenant || limit === null || limit === undefined) return true;
    const retryAfter = this.limits.take(`${request.tenant.slug} ${request.ip ?? ''}`, limit);
    if (retryAfter === undefined) return true;
    throw tooManyRequests(retryAfter);
  }
}

/** The 429 of the routes under the tenant's per-address limit, as OpenAPI documents it (the access matrix finds them by it). */
export const TENANT_ADDRESS_LIMIT_DESCRIPTION =
  '`REQUEST.RATE_LIMITED` over the tenant’s per-address limit (`requestsPerMinutePerAddress`), with Retry-After';

/** On a citizen's write route (after the tenant guard): the tenant's per-address rate limit. */
export function RateLimitedByAddress(): MethodDecorator {
  return applyDecorators(
    UseGuards(AddressRateLimitGuard),
    ApiTooManyRequestsResponse({ description: TENANT_ADDRESS_LIMIT_DESCRIPTION, type: ProblemResponse }),
  );
}
