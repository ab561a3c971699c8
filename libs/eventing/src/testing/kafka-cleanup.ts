import { Kafka, logLevel } from 'kafkajs';

/** Deletes a test's topics and consumer groups (all named with its prefix) from a shared broker. */
export async function deleteKafkaPrefix(brokers: string[], prefix: string): Promise<void> {
  if (!prefix) throw new Error('refusing to delete without a prefix');
  const admin = new Kafka({ clientId: 'amtsweg-test-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups);
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

export function randomTopicPrefix(): string {
  return `test-${Math.random().toString(36).slice(2, 10)}.`;
}
