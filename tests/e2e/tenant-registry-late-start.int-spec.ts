import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase, waitFor } from '@amtsweg/eventing/testing';
import { KnownTenants } from '@amtsweg/platform';
import { startAppointmentsTestApp, type AppointmentsTestApp } from '../../apps/appointments/test/appointments-test-app';
import { startSignaturesApp, type SignaturesTestApp } from '../../apps/signatures/test/signatures-app';

/**
 * Multi-process mode: each service is its own process on Kafka. A service that starts after the
 * tenants were created (a new deployment, an empty database) still learns every one of them, in its
 * newest state — the tenant topic is compacted, not trimmed after a week.
 */
describeWithInfrastructure('a service that starts later learns every tenant from the compacted tenant topic', (infra) => {
  const prefix = randomTopicPrefix();
  const env = { KAFKA_BROKERS: infra.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: prefix };
  const databases = [TestDatabase.named(infra.databaseUrl), TestDatabase.named(infra.databaseUrl)];
  let appointments: AppointmentsTestApp | undefined;
  let signatures: SignaturesTestApp | undefined;

  afterAll(async () => {
    await signatures?.close();
    await appointments?.close();
    for (const database of databases) await database.drop();
    await deleteKafkaPrefix(infra.kafkaBrokers, prefix);
  }, 60_000);

  it('knows a tenant created and then suspended before it started, as suspended', async () => {
    appointments = await startAppointmentsTestApp({ database: databases[0], env });
    const provider = `Bearer ${await appointments.token({ roles: ['provider-admin'], sub: 'provider-1' })}`;
    await appointments
      .http()
      .post('/api/v1/tenants')
      .set('authorization', provider)
      .send({ slug: 'spaetstadt', name: 'Spätstadt', federalState: 'BY' })
      .expect(201);
    await appointments.http().patch('/api/v1/tenants/spaetstadt').set('authorization', provider).send({ suspended: true }).expect(200);
    await appointments
      .http()
      .post('/api/v1/tenants')
      .set('authorization', provider)
      .send({ slug: 'fruehdorf', name: 'Frühdorf', federalState: 'BW' })
      .expect(201);
    // Everything is on Kafka before the second process starts.
    await waitFor(
      'the tenant events published',
      async () =>
        (await appointments!.dataSource.query(`SELECT count(*)::int AS count FROM appointments.outbox_event WHERE published_at IS NULL`))[0]
          .count,
      (count: number) => count === 0,
      { timeoutMs: 20_000 },
    );

    signatures = await startSignaturesApp({ database: databases[1], env });
    const known = signatures.app.get(KnownTenants, { strict: false });
    const seen = await waitFor(
      'signatures to learn the tenants',
      async () => Promise.all(['spaetstadt', 'fruehdorf', 'demo'].map((slug) => known.find(slug))),
      (tenants) => tenants.every(Boolean) && tenants[0]?.suspended === true,
      { timeoutMs: 30_000 },
    );
    expect(seen).toEqual([
      { slug: 'spaetstadt', suspended: true },
      { slug: 'fruehdorf', suspended: false },
      { slug: 'demo', suspended: false },
    ]);
    const staff = `Bearer ${await signatures.token({ tenant: 'spaetstadt', roles: ['staff'] })}`;
    const refused = await signatures.http().get('/api/v1/tenants/spaetstadt/signature-requests').set('authorization', staff).expect(403);
    expect(refused.body.code).toBe('TENANT.SUSPENDED');
  }, 120_000);
});
