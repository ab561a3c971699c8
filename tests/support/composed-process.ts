import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { eventDrivenProcess } from '@amtsweg/eventing';
import { deleteKafkaPrefix, infrastructureFromEnv, randomTopicPrefix, TestDatabase, type Infrastructure } from '@amtsweg/eventing/testing';
import {
  createServiceApp,
  loadConfig,
  startServiceApp,
  type PlatformConfig,
  type ServiceProcess,
  type ServiceUnit,
} from '@amtsweg/platform';
import { announceDemoTenants, demoTenantsKnown, demoUserToken, knowDemoPeople } from '@amtsweg/platform/testing';

export interface ComposedProcess {
  app: INestApplication;
  config: PlatformConfig;
  close(): Promise<void>;
}

/**
 * A process as an e2e spec runs it: embedded (PGlite, in-process bus) without `infra`; with it,
 * each of its services on a database of its own and topics under a prefix of the test's own
 * (`createTopics` may lay them out before the start), all removed again by `close()`.
 */
export async function startProcessForTest(
  process_: ServiceProcess,
  infra?: Infrastructure,
  createTopics?: (brokers: string[], topicPrefix: string) => Promise<void>,
): Promise<ComposedProcess> {
  const savedEnv = { ...process.env };
  const databases: TestDatabase[] = [];
  const topicPrefix = randomTopicPrefix();
  const env: Record<string, string> = { NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-e2e-')) };
  if (infra) {
    for (const service of process_.services ?? []) {
      const database = TestDatabase.named(infra.databaseUrl);
      databases.push(database);
      process.env[`${service.toUpperCase()}_DATABASE_URL`] = database.url;
    }
    Object.assign(env, { DATABASE_URL: infra.databaseUrl, KAFKA_BROKERS: infra.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix });
    await createTopics?.(infra.kafkaBrokers, topicPrefix);
  }
  const config = loadConfig(env);
  const app = await startServiceApp(await createServiceApp(process_, config));
  // With appointments its seed announces the demo tenants; without it, the test does, on the same bus.
  if (process_.services?.includes('appointments')) await demoTenantsKnown(app);
  else await announceDemoTenants(app);
  // Likewise the demo people: messaging creates them; without it, the services learn them from their bus.
  await knowDemoPeople(process_, app);
  return {
    app,
    config,
    async close() {
      await app.close();
      process.env = savedEnv;
      for (const database of databases) await database.drop();
      if (infra) await deleteKafkaPrefix(infra.kafkaBrokers, topicPrefix);
    },
  };
}

/** Always embedded; also on Kafka and PostgreSQL when KAFKA_BROKERS and DATABASE_URL name them. */
export function e2eModes(): Array<readonly [string, Infrastructure | undefined]> {
  const infrastructure = infrastructureFromEnv();
  return [
    ['embedded (PGlite, in-process bus)', undefined],
    ...(infrastructure ? ([['Kafka and PostgreSQL', infrastructure]] as const) : []),
  ];
}

export interface ComposedSuite {
  http(): ReturnType<typeof request>;
  /** `Bearer …` with a demo user's token, signed as the development issuer signs it (the process's DATA_DIR key). */
  bearer(email: string): Promise<string>;
}

/**
 * Runs `tests` once per mode against `units` composed into one process,
 * started before the tests and closed after them; `title` names the mode with `%s`.
 */
export function describeComposedProcess(title: string, units: ServiceUnit[], tests: (suite: ComposedSuite) => void): void {
  describe.each(e2eModes())(title, (_mode, infra) => {
    let composed: ComposedProcess | undefined;
    beforeAll(async () => {
      composed = await startProcessForTest(
        eventDrivenProcess(`amtsweg ${units.map((unit) => unit.name).join(' + ')} (test)`, units),
        infra,
      );
    }, 120_000);
    afterAll(() => composed?.close(), 60_000);

    const http = () => request(composed!.app.getHttpServer());
    tests({
      http,
      bearer: async (email) => `Bearer ${await demoUserToken(composed!.config, email)}`,
    });
  });
}
