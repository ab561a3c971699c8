import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase, waitFor } from '@amtsweg/eventing/testing';
import { createServiceApp, loadConfig, startServiceApp } from '@amtsweg/platform';
import { signTestToken } from '@amtsweg/platform/testing';
import { startAppointmentsTestApp, type AppointmentsTestApp } from '../../apps/appointments/test/appointments-test-app';
import { signaturesProcess } from '../../apps/signatures/src/signatures.process';

const TENANTS = ['lesedorf', 'wartestadt', 'spaetheim'];

/**
 * Multi-process mode: a service that has just started knows no tenant until it has read the
 * compacted tenant topic, and would answer 404 `TENANT.NOT_FOUND` for every existing one. So it is
 * not ready before: `/health/ready` answers 503 naming the reason until the projection has read
 * what the topic held at start, and every 200 comes from a service that serves them all.
 */
describeWithInfrastructure('readiness of a service that has not read the tenant registry yet', (infra) => {
  const prefix = randomTopicPrefix();
  const env = { KAFKA_BROKERS: infra.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: prefix };
  const databases = [TestDatabase.named(infra.databaseUrl), TestDatabase.named(infra.databaseUrl)];
  let appointments: AppointmentsTestApp | undefined;
  let signatures: INestApplication | undefined;
  const savedEnv = { ...process.env };

  afterAll(async () => {
    await signatures?.close();
    process.env = savedEnv;
    await appointments?.close();
    for (const database of databases) await database.drop();
    await deleteKafkaPrefix(infra.kafkaBrokers, prefix);
  }, 60_000);

  it('answers 503 with the reason until it serves every tenant created before it started, then 200', async () => {
    appointments = await startAppointmentsTestApp({ database: databases[0], env });
    const provider = `Bearer ${await appointments.token({ roles: ['provider-admin'], sub: 'provider-1' })}`;
    for (const slug of TENANTS)
      await appointments
        .http()
        .post('/api/v1/tenants')
        .set('authorization', provider)
        .send({ slug, name: slug, federalState: 'NW' })
        .expect(201);
    await waitFor(
      'the tenant events published',
      async () =>
        (await appointments!.dataSource.query(`SELECT count(*)::int AS count FROM appointments.outbox_event WHERE published_at IS NULL`))[0]
          .count,
      (count: number) => count === 0,
      { timeoutMs: 20_000 },
    );

    // As its main.ts starts it (no test helper that waits for anything first).
    process.env.SIGNATURES_DATABASE_URL = databases[1].url;
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-readiness-')), ...env });
    signatures = await startServiceApp(await createServiceApp(signaturesProcess, config));
    const http = () => request(signatures!.getHttpServer());
    const staffOf = async (tenant: string) => `Bearer ${await signTestToken(config, { tenant, roles: ['staff'] })}`;
    const served = async () => {
      const codes = await Promise.all(
        TENANTS.map(async (tenant) => {
          const answer = await http()
            .get(`/api/v1/tenants/${tenant}/signature-requests`)
            .set('authorization', await staffOf(tenant));
          return answer.status;
        }),
      );
      return codes.every((code) => code === 200);
    };

    const answers: Array<{ status: number; reason?: string; served: boolean }> = [];
    await waitFor(
      'the service to be ready',
      async () => {
        const ready = await http().get('/health/ready');
        // Asked after the readiness answer: what a request routed to a ready pod would meet.
        const answer = {
          status: ready.status,
          reason: ready.body.error?.['signatures-tenant-registry']?.message as string | undefined,
          served: await served(),
        };
        answers.push(answer);
        return answer;
      },
      (answer) => answer.status === 200,
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    // Never ready while a tenant would have been answered 404.
    expect(answers.filter((answer) => answer.status === 200 && !answer.served)).toEqual([]);
    expect(answers[0]).toMatchObject({ status: 503, served: false });
    expect(answers[0].reason).toMatch(
      /^the tenant registry \(appointments\.tenant-registry\) is still being read: \d+ record\(s\) before the start to go$/,
    );
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.info['signatures-tenant-registry']).toEqual({ status: 'up', caughtUp: true });
  }, 120_000);
});
