import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError } from './problem';

const WINDOW_MS = 60_000;

/**
 * Counts a client address's requests (per key, e.g. tenant and address) in fixed one-minute windows. In memory:
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

/** 429 `REQUEST.RATE_LIMITED` with Retry-After: what a caller over an AddressRateLimit is told. */
export function tooManyRequests(retryAfterSeconds: number): DomainError {
  return new DomainError(
    429,
    'REQUEST.RATE_LIMITED',
    `Too many requests from this address; please try again in ${retryAfterSeconds} seconds.`,
    undefined,
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
