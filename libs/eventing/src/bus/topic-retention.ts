const HOUR_MS = 3_600_000;

/**
 * Topics whose records carry a citizen's address and manage link, sealed for messaging (v2
 * booking events, draw results), with their dead-letter topics. They keep records only as long as a
 * redelivery needs, not the broker's default week (docs/personal-data-in-events.md):
 * - the topic 3 days: messaging may be down or lagging over a weekend (Friday evening to Monday
 *   morning, ~62 h) and must still find every mail's event; the outbox covers a broker outage.
 * - the dead-letter topic 7 days: a working week for an operator to see the alert, fix the cause
 *   (say, a missing key) and replay.
 * k8s/base/topics.yaml sets the same (a test compares); topics this bus creates get it on creation.
 */
export const SEALED_PERSONAL_DATA_TOPICS: readonly string[] = ['appointments.booking', 'appointments.release'];
export const SEALED_TOPIC_RETENTION_MS = 72 * HOUR_MS;
export const SEALED_DEAD_LETTER_RETENTION_MS = 168 * HOUR_MS;

/**
 * The admin-audit topics: a person change's before/after names the person and their e-mail address
 * (the audit needs them). Appointments keeps the audit; the topics keep records as briefly as the sealed ones.
 */
export const ADMIN_AUDIT_TOPICS: readonly string[] = [
  'appointments.admin-audit',
  'messaging.admin-audit',
  'signatures.admin-audit',
  'devices.admin-audit',
];

const SHORT_RETENTION_TOPICS = [...SEALED_PERSONAL_DATA_TOPICS, ...ADMIN_AUDIT_TOPICS];

/** `retention.ms` for a topic (without prefix), or undefined for the broker's default. */
export function topicRetentionMs(topic: string): number | undefined {
  if (SHORT_RETENTION_TOPICS.includes(topic)) return SEALED_TOPIC_RETENTION_MS;
  if (topic.endsWith('.dlq') && SHORT_RETENTION_TOPICS.includes(topic.slice(0, -'.dlq'.length))) return SEALED_DEAD_LETTER_RETENTION_MS;
  return undefined;
}

/**
 * Topics that keep the latest record of each key for good (`cleanup.policy=compact`), so a service
 * started later still learns every entity, not only last week's changes: the people directory,
 * keyed by person id (docs/personal-data-in-events.md), and the tenant registry, keyed by slug (every
 * record a tenant's whole state: libs/contracts/src/appointments/tenant-event.ts). Their dead-letter
 * topics keep the default. Only whole-state records may go on these under a key: compaction keeps one.
 */
export const COMPACTED_TOPICS: readonly string[] = ['messaging.person', 'messaging.tenant-identity', 'appointments.tenant-registry'];

/** The topic settings this bus sets when it creates `topic` (without prefix); an existing topic keeps its own. */
export function topicConfigEntries(topic: string): Array<{ name: string; value: string }> {
  if (COMPACTED_TOPICS.includes(topic)) return [{ name: 'cleanup.policy', value: 'compact' }];
  const retention = topicRetentionMs(topic);
  return retention === undefined ? [] : [{ name: 'retention.ms', value: String(retention) }];
}
