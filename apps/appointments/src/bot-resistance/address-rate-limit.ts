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

/** On a citizen's write route (after the tenant guard): the tenant's per-address rate limit. */
export function RateLimitedByAddress(): MethodDecorator {
  return applyDecorators(
    UseGuards(AddressRateLimitGuard),
    ApiTooManyRequestsResponse({ description: '`REQUEST.RATE_LIMITED`, with Retry-After', type: ProblemResponse }),
  );
}
