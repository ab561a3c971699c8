import type { ReadinessCheck } from '@amtsweg/platform';
import type { EventBus } from '../bus/event-bus';
import type { OutboxRelay } from '../outbox/outbox-relay';

/** Default of OUTBOX_READY_MAX_BACKLOG. */
export const DEFAULT_OUTBOX_READY_MAX_BACKLOG = 10_000;

/** The broker took our last send and every consumer is in its group (the embedded bus: not closed). */
export function busReadiness(bus: EventBus): ReadinessCheck {
  return {
    name: 'event-bus',
    async check() {
      if (!bus.isHealthy()) throw new Error('the event bus is not connected (last publish failed or a consumer is out of its group)');
    },
  };
}

/**
 * An outbox that keeps growing means events do not leave: taking more work would only delay more
 * mails and notifications. Unready above `maxBacklog` unpublished events.
 */
export function outboxReadiness(relay: OutboxRelay, maxBacklog = DEFAULT_OUTBOX_READY_MAX_BACKLOG): ReadinessCheck {
  return {
    name: `${relay.service}-outbox`,
    async check() {
      const backlog = await relay.backlog();
      if (backlog.count > maxBacklog)
        throw new Error(`${backlog.count} unpublished events (limit ${maxBacklog}), oldest ${Math.round(backlog.oldestAgeSeconds)} s`);
      return { backlog: backlog.count, oldestAgeSeconds: Math.round(backlog.oldestAgeSeconds) };
    },
  };
}
