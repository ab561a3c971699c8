import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { eventDrivenProcess } from '@amtsweg/eventing';
import { deleteKafkaPrefix, randomTopicPrefix, TestDatabase, type Infrastructure } from '@amtsweg/eventing/testing';
import { createServiceApp, loadConfig, startServiceApp, type ServiceUnit } from '@amtsweg/platform';

export interface ComposedProcess {
  app: INestApplication;
  close(): Promise<void>;
}

/**
 * Several services in one process, as an e2e spec composes them: embedded (PGlite, in-process bus)
 * without `infra`; with it, each service on a database of its own and topics under a prefix of the
 * test's own, all removed again by `close()`.
 */
export async function startComposedProcess(name: string, units: ServiceUnit[], infra?: Infrastructure): Promise<ComposedProcess> {
  const savedEnv = { ...process.env };
  const databases: TestDatabase[] = [];
  const topicPrefix = randomTopicPrefix();
  const env: Record<string, string> = { NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-e2e-')) };
  if (infra) {
    for (const unit of units.filter((u) => u.name !== 'gateway')) {
      const database = TestDatabase.named(infra.databaseUrl);
      databases.push(database);
      process.env[`${unit.name.toUpperCase()}_DATABASE_URL`] = database.url;
    }
    Object.assign(env, { DATABASE_URL: infra.databaseUrl, KAFKA_BROKERS: infra.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix });
  }
  const app = await startServiceApp(await createServiceApp(eventDrivenProcess(name, units), loadConfig(env)));
  return {
    app,
    async close() {
      await app.close();
      process.env = savedEnv;
      for (const database of databases) await database.drop();
      if (infra) await deleteKafkaPrefix(infra.kafkaBrokers, topicPrefix);
    },
  };
}
