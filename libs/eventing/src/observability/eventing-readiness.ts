import type { ReadinessCheck } from '@amtsweg/platform';
import type { OutboxRelay } from '../outbox/outbox-relay';

/**
 * Opt-in (OUTBOX_READY_MAX_BACKLOG): unready above `maxBacklog` unpublished events. Off by
 * default, because a broker outage fills every outbox at once — taking all pods out of service
 * would refuse the very work the outbox exists to hold. `amtsweg_outbox_backlog_events` and
 * `amtsweg_broker_connected` are what alerts watch.
 */
export function outboxReadiness(relay: OutboxRelay, maxBacklog: number): ReadinessCheck {
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
