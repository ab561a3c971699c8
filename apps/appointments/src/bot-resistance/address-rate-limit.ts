import { DomainError, ProblemResponse, Clock } from '@amtsweg/platform';
import { Injectable, UseGuards, applyDecorators, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Tenant } from '../tenancy/tenant';

const WINDOW_MS = 60_000;

/**
 * Counts a client address's write requests per tenant in fixed one-minute windows. In memory:
 * each instance counts on its own (several instances allow that many times the limit), and no
 * address outlives two windows — nothing is kept that could track anyone.
 */
@Injectable()
export class AddressRateLimit {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Seconds to wait when the address is over `limit` in the current window, else undefined (and counted). */
  take(key: string, limit: number): number | undefined {
    const now = this.clock.now().getTime();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now - (now % WINDOW_MS);
      this.counts = new Map();
    }
    const used = this.counts.get(key) ?? 0;
    if (used >= limit) return Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - now) / 1000));
    this.counts.set(key, used + 1);
    return undefined;
  }
}

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
    throw new DomainError(
      429,
      'REQUEST.RATE_LIMITED',
      `Too many requests from this address; please try again in ${retryAfter} seconds.`,
      undefined,
      {
        'Retry-After': String(retryAfter),
      },
    );
  }
}

/** On a citizen's write route (after the tenant guard): the tenant's per-address rate limit. */
export function RateLimitedByAddress(): MethodDecorator {
  return applyDecorators(
    UseGuards(AddressRateLimitGuard),
    ApiTooManyRequestsResponse({ description: '`REQUEST.RATE_LIMITED`, with Retry-After', type: ProblemResponse }),
  );
}
