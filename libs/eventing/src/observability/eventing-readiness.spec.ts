import type { EventBus } from '../bus/event-bus';
import type { OutboxRelay } from '../outbox/outbox-relay';
import { busReadiness, outboxReadiness } from './eventing-readiness';

const relayWith = (count: number) =>
  ({ service: 'appointments', backlog: async () => ({ count, oldestAgeSeconds: 12.4 }) }) as unknown as OutboxRelay;

describe('readiness of the event flow', () => {
  it('is ready with an outbox backlog up to the limit, and reports it', async () => {
    const check = outboxReadiness(relayWith(5), 5);
    expect(check.name).toBe('appointments-outbox');
    await expect(check.check()).resolves.toEqual({ backlog: 5, oldestAgeSeconds: 12 });
  });

  it('is unready once the outbox holds more unpublished events than the limit', async () => {
    await expect(outboxReadiness(relayWith(6), 5).check()).rejects.toThrow('6 unpublished events (limit 5), oldest 12 s');
  });

  it('follows the bus: unready while it is not connected', async () => {
    let healthy = true;
    const check = busReadiness({ isHealthy: () => healthy } as unknown as EventBus);
    await expect(check.check()).resolves.toBeUndefined();
    healthy = false;
    await expect(check.check()).rejects.toThrow(/not connected/);
  });
});
