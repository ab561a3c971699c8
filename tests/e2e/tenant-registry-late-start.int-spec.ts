import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase, waitFor } from '@amtsweg/eventing/testing';
import { KnownTenants } from '@amtsweg/platform';
import { startAppointmentsTestApp, type AppointmentsTestApp } from '../../apps/appointments/test/appointments-test-app';
import { startSignaturesApp, type SignaturesTestApp } from '../../apps/signatures/test/signatures-app';

/**
 * Multi-process mode: each service is its own process on Kafka. A service that starts after the
 * tenants were created (a new deployment, an empty database) still learns every one of them, in its
 * newest state — the tenant topic is compacted, not trimmed after a week — and of a deleted one, that it is gone.
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

  it('knows a tenant created and then suspended before it started, as suspended, and one deleted before it started as gone', async () => {
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
    // Off-boarded before the second process starts: suspended, 30 days later exported and deleted.
    await appointments
      .http()
      .post('/api/v1/tenants')
      .set('authorization', provider)
      .send({ slug: 'fortzug', name: 'Fortzug', federalState: 'NW' })
      .expect(201);
    await appointments.http().patch('/api/v1/tenants/fortzug').set('authorization', provider).send({ suspended: true }).expect(200);
    // 30 days on the service's clock: the deletion is allowed from then on.
    appointments.clock.advance(30 * 24 * 60 * 60_000);
    await appointments.http().post('/api/v1/tenants/fortzug/export').set('authorization', provider).expect(202);
    // This process runs appointments alone: the other three parts are marked as their reports would mark them.
    await appointments.dataSource.query(`UPDATE appointments.tenant_export_part SET delivered_at = now() WHERE tenant = 'fortzug'`);
    await appointments.http().delete('/api/v1/tenants/fortzug').set('authorization', provider).expect(202);
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
    // The deleted one: its last record is the deletion, so the late starter retires the slug and never serves it.
    await waitFor(
      'signatures to retire fortzug',
      async () => (await signatures!.dataSource.query(`SELECT slug FROM signatures.erased_tenant WHERE slug = 'fortzug'`)).length,
      (count: number) => count === 1,
      { timeoutMs: 30_000 },
    );
    expect(await known.find('fortzug')).toBeUndefined();
    const gone = `Bearer ${await signatures.token({ tenant: 'fortzug', roles: ['staff'] })}`;
    expect(
      (await signatures.http().get('/api/v1/tenants/fortzug/signature-requests').set('authorization', gone).expect(404)).body.code,
    ).toBe('TENANT.NOT_FOUND');
  }, 120_000);
});
