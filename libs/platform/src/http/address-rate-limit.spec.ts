import { TestClock } from '../testing/test-clock';
import { AddressRateLimit } from './address-rate-limit';

describe('the per-address rate limit', () => {
  it('lets an address make `limit` requests in a minute, then says how long to wait, and forgets it in the next minute', () => {
    const clock = TestClock.stoppedAt('2026-11-30T08:00:10Z');
    const limits = new AddressRateLimit(clock);
    expect([1, 2, 3].map(() => limits.take('demo 10.0.0.1', 3))).toEqual([undefined, undefined, undefined]);
    expect(limits.take('demo 10.0.0.1', 3)).toBe(50);
    expect(limits.take('demo 10.0.0.2', 3)).toBeUndefined();
    clock.set(new Date('2026-11-30T08:00:59.500Z'));
    expect(limits.take('demo 10.0.0.1', 3)).toBe(1);
    clock.set(new Date('2026-11-30T08:01:00Z'));
    expect(limits.take('demo 10.0.0.1', 3)).toBeUndefined();
  });
});
