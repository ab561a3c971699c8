import type { OutboxRelay } from '../outbox/outbox-relay';
import { outboxReadiness } from './eventing-readiness';

const relayWith = (count: number) =>
  ({ service: 'appointments', backlog: async () => ({ count, oldestAgeSeconds: 12.4 }) }) as unknown as OutboxRelay;

describe('the opt-in outbox readiness check (OUTBOX_READY_MAX_BACKLOG)', () => {
  it('is ready with an outbox backlog up to the limit, and reports it', async () => {
    const check = outboxReadiness(relayWith(5), 5);
    expect(check.name).toBe('appointments-outbox');
    await expect(check.check()).resolves.toEqual({ backlog: 5, oldestAgeSeconds: 12 });
  });

  it('is unready once the outbox holds more unpublished events than the limit', async () => {
    await expect(outboxReadiness(relayWith(6), 5).check()).rejects.toThrow('6 unpublished events (limit 5), oldest 12 s');
  });
});
