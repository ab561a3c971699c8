import { PersonDeactivatedV1, PersonUpsertedV1, TenantCreatedV1, TenantUpdatedV1, type PersonEvent } from '@amtsweg/contracts';
import { EVENT_BUS, toBusRecord, type BusRecord, type EventBus } from '@amtsweg/eventing';
import { DEMO_USERS, newId } from '@amtsweg/platform';
import type { Response } from 'supertest';
import { outboxEvents, startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

function expectProblem(response: Response, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.detail).toEqual(expect.any(String));
}

describe('the public list of municipalities (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  it('names the seeded tenants by slug and name only, without a token', async () => {
    const response = await t.http().get('/api/v1/tenants').expect(200);
    expect(response.body.map((tenant: { slug: string }) => tenant.slug).sort()).toEqual(['demo', 'muster']);
    for (const tenant of response.body) expect(Object.keys(tenant).sort()).toEqual(['name', 'slug']);
  });
});

describe('the tenant registry: provider-admins create, list, rename and suspend municipalities (embedded database)', () => {
  let t: AppointmentsTestApp;
  let provider: string;

  beforeAll(async () => {
    t = await startAppointmentsTestApp();
    provider = `Bearer ${await t.token({ roles: ['provider-admin'], sub: 'betrieb-1', email: 'betrieb@amtsweg.example' })}`;
  }, 60_000);
  afterAll(() => t?.close());

  const create = (body: object, authorization = provider) =>
    t.http().post('/api/v1/tenants').set('authorization', authorization).send(body);

  it('creates a tenant with the default time zone and booking rules, and announces it on the tenant topic', async () => {
    const response = await create({ slug: 'beispielstadt', name: 'Stadt Beispielstadt', federalState: 'NW' }).expect(201);
    expect(response.body).toEqual({
      slug: 'beispielstadt',
      name: 'Stadt Beispielstadt',
      federalState: 'NW',
      timeZone: 'Europe/Berlin',
      suspended: false,
    });
    const [row] = await t.dataSource.query(
      `SELECT booking_window_days, lead_time_minutes, max_active_bookings_per_email, hold_minutes, proof_of_work_max_number
         FROM appointments.tenant WHERE slug = 'beispielstadt'`,
    );
    // TENANT_DEFAULTS: bot resistance on, unlike the demo tenants.
    expect(row).toEqual({
      booking_window_days: 60,
      lead_time_minutes: 60,
      max_active_bookings_per_email: 3,
      hold_minutes: 15,
      proof_of_work_max_number: 100_000,
    });
    const events = await outboxEvents(t.dataSource, 'beispielstadt');
    expect(events.map((event) => [event.type, event.tenantid, event.data])).toEqual([
      [
        TenantCreatedV1.type,
        'beispielstadt',
        {
          slug: 'beispielstadt',
          name: 'Stadt Beispielstadt',
          federalState: 'NW',
          timeZone: 'Europe/Berlin',
          suspended: false,
          revision: 1,
        },
      ],
    ]);
    // Citizens can book with it at once: it serves its (still empty) routes and joins the public list.
    await t.http().get('/api/v1/tenants/beispielstadt/offices').expect(200, []);
    expect((await t.http().get('/api/v1/tenants').expect(200)).body).toContainEqual({ slug: 'beispielstadt', name: 'Stadt Beispielstadt' });
  });

  it('takes an IANA time zone in its canonical spelling and refuses one that is none', async () => {
    const response = await create({ slug: 'grenzdorf', name: 'Grenzdorf', federalState: 'SN', timeZone: 'europe/berlin' }).expect(201);
    expect(response.body.timeZone).toBe('Europe/Berlin');
    expectProblem(
      await create({ slug: 'mondstadt', name: 'Mondstadt', federalState: 'BY', timeZone: 'Mars/Olympus' }),
      400,
      'REQUEST.INVALID',
    );
  });

  it.each([
    ['a slug that breaks the rules', { slug: 'Gross-Stadt', name: 'x', federalState: 'NW' }, 422, 'TENANT.SLUG_INVALID'],
    ['a slug of one character', { slug: 'x', name: 'x', federalState: 'NW' }, 422, 'TENANT.SLUG_INVALID'],
    ['a web page path', { slug: 'arbeitsplatz', name: 'x', federalState: 'NW' }, 422, 'TENANT.SLUG_RESERVED'],
    ['a system path', { slug: 'health', name: 'x', federalState: 'NW' }, 422, 'TENANT.SLUG_RESERVED'],
    ['the provider page', { slug: 'betrieb', name: 'x', federalState: 'NW' }, 422, 'TENANT.SLUG_RESERVED'],
    ['a taken slug', { slug: 'demo', name: 'Noch ein Demo', federalState: 'NW' }, 409, 'TENANT.SLUG_TAKEN'],
    ['an unknown federal state', { slug: 'nirgendwo', name: 'x', federalState: 'XX' }, 400, 'REQUEST.INVALID'],
    ['an unknown field', { slug: 'nirgendwo', name: 'x', federalState: 'NW', settings: {} }, 400, 'REQUEST.INVALID'],
  ])('refuses %s', async (_case, body, status, code) => {
    expectProblem(await create(body), status, code);
  });

  it('admits provider-admins only: a tenant-admin is 403, no token 401', async () => {
    const body = { slug: 'heimlich', name: 'x', federalState: 'NW' };
    expectProblem(await create(body, await t.bearer('admin@demo.example')), 403, 'AUTH.ROLE_REQUIRED');
    expectProblem(await t.http().post('/api/v1/tenants').send(body), 401, 'AUTH.MISSING_TOKEN');
    expectProblem(
      await t
        .http()
        .patch('/api/v1/tenants/demo')
        .set('authorization', await t.bearer('admin@demo.example'))
        .send({ suspended: true }),
      403,
      'AUTH.ROLE_REQUIRED',
    );
  });

  it('lists every tenant with its counts for a provider-admin, and only for one', async () => {
    const response = await t.http().get('/api/v1/tenants?all=true').set('authorization', provider).expect(200);
    const demo = response.body.find((tenant: { slug: string }) => tenant.slug === 'demo');
    expect(demo).toEqual({
      slug: 'demo',
      name: 'Stadt Demo',
      federalState: 'NW',
      timeZone: 'Europe/Berlin',
      suspended: false,
      // People: the demo people, as the directory's person.upserted told this app's consumer (test app start).
      counts: { offices: 2, services: 3, people: DEMO_USERS.filter((user) => user.tenant === 'demo').length },
    });
    expectProblem(await t.http().get('/api/v1/tenants?all=true'), 401, 'AUTH.MISSING_TOKEN');
    expectProblem(
      await t
        .http()
        .get('/api/v1/tenants?all=true')
        .set('authorization', await t.bearer('admin@demo.example')),
      403,
      'AUTH.ROLE_REQUIRED',
    );
    expectProblem(await t.http().get('/api/v1/tenants?all=maybe'), 400, 'REQUEST.INVALID');
  });

  it('suspends a tenant: citizens 404, staff 403 TENANT.SUSPENDED, hidden from the public list; reactivating undoes it', async () => {
    await create({ slug: 'ruhestadt', name: 'Ruhestadt', federalState: 'HE' }).expect(201);
    const suspended = await t
      .http()
      .patch('/api/v1/tenants/ruhestadt')
      .set('authorization', provider)
      .send({ suspended: true })
      .expect(200);
    expect(suspended.body).toMatchObject({ slug: 'ruhestadt', suspended: true });
    expectProblem(await t.http().get('/api/v1/tenants/ruhestadt/offices'), 404, 'TENANT.NOT_FOUND');
    expectProblem(
      await t
        .http()
        .get('/api/v1/tenants/ruhestadt/statistics')
        .set('authorization', await t.bearer('admin@demo.example')),
      403,
      'TENANT.SUSPENDED',
    );
    expect((await t.http().get('/api/v1/tenants').expect(200)).body.map((tenant: { slug: string }) => tenant.slug)).not.toContain(
      'ruhestadt',
    );
    const all = (await t.http().get('/api/v1/tenants?all=true').set('authorization', provider).expect(200)).body;
    expect(all.find((tenant: { slug: string }) => tenant.slug === 'ruhestadt')).toMatchObject({ suspended: true });

    await t
      .http()
      .patch('/api/v1/tenants/ruhestadt')
      .set('authorization', provider)
      .send({ suspended: false, name: 'Ruhestadt am See' })
      .expect(200);
    await t.http().get('/api/v1/tenants/ruhestadt/offices').expect(200);
    const events = await outboxEvents(t.dataSource, 'ruhestadt');
    expect(events.map((event) => [event.type, event.data.suspended, event.data.revision, event.data.name])).toEqual([
      [TenantCreatedV1.type, false, 1, 'Ruhestadt'],
      [TenantUpdatedV1.type, true, 2, 'Ruhestadt'],
      [TenantUpdatedV1.type, false, 3, 'Ruhestadt am See'],
    ]);
  });

  it('publishes nothing for a change to what the tenant already is, and answers 404 for an unknown one', async () => {
    const before = (await outboxEvents(t.dataSource, 'demo')).length;
    await t.http().patch('/api/v1/tenants/demo').set('authorization', provider).send({ name: 'Stadt Demo' }).expect(200);
    expect(await outboxEvents(t.dataSource, 'demo')).toHaveLength(before);
    expectProblem(
      await t.http().patch('/api/v1/tenants/gibt-es-nicht').set('authorization', provider).send({ suspended: true }),
      404,
      'TENANT.NOT_FOUND',
    );
  });

  it('refuses the provider-admin on every route of a municipality: 403 AUTH.PROVIDER_ADMIN_NOT_ALLOWED', async () => {
    expectProblem(
      await t.http().get('/api/v1/tenants/demo/statistics').set('authorization', provider),
      403,
      'AUTH.PROVIDER_ADMIN_NOT_ALLOWED',
    );
    expectProblem(
      await t.http().get('/api/v1/tenants/demo/offices/00000000-0000-7000-8000-000000000000/bookings').set('authorization', provider),
      403,
      'AUTH.PROVIDER_ADMIN_NOT_ALLOWED',
    );
  });

  it('created the demo tenants through CreateTenant: each has its tenant.created', async () => {
    for (const slug of ['demo', 'muster']) {
      const [created] = await outboxEvents(t.dataSource, slug);
      expect([created.type, created.data.revision]).toEqual([TenantCreatedV1.type, 1]);
    }
  });
});

describe("counts.people: the directory's person events, projected into appointments (embedded database)", () => {
  let t: AppointmentsTestApp;
  let provider: string;

  beforeAll(async () => {
    t = await startAppointmentsTestApp();
    provider = `Bearer ${await t.token({ roles: ['provider-admin'], sub: 'betrieb-1', email: 'betrieb@amtsweg.example' })}`;
    await t
      .http()
      .post('/api/v1/tenants')
      .set('authorization', provider)
      .send({ slug: 'zaehlstadt', name: 'Zählstadt', federalState: 'SN' })
      .expect(201);
  }, 60_000);
  afterAll(() => t?.close());

  const peopleOf = async (slug: string): Promise<number> => {
    const response = await t.http().get('/api/v1/tenants?all=true').set('authorization', provider).expect(200);
    return (response.body as Array<{ slug: string; counts: { people: number } }>).find((tenant) => tenant.slug === slug)!.counts.people;
  };
  const record = (
    contract: typeof PersonUpsertedV1 | typeof PersonDeactivatedV1,
    personId: string,
    active: boolean,
    tenant = 'zaehlstadt',
  ): BusRecord => {
    const data: PersonEvent = {
      tenant,
      personId,
      email: `${personId.slice(0, 8)}@zaehlstadt.example`,
      name: 'Zoe Zählbar',
      roles: ['staff'],
      active,
    };
    return toBusRecord(contract.topic, {
      id: newId(),
      source: '/amtsweg/messaging',
      type: contract.type,
      specversion: '1.0',
      time: new Date().toISOString(),
      subject: personId,
      datacontenttype: 'application/json',
      tenantid: tenant,
      correlationid: newId(),
      data,
    });
  };
  /** Publishes as messaging's relay would and waits until appointments' consumer has read everything. */
  const deliver = async (...records: BusRecord[]): Promise<void> => {
    const bus = t.app.get<EventBus>(EVENT_BUS);
    await bus.publish(records);
    const deadline = Date.now() + 10_000;
    while ((await bus.consumerLag()).some((lag) => lag.topic === PersonUpsertedV1.topic && lag.records > 0)) {
      if (Date.now() > deadline) throw new Error('appointments did not consume the person events');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it("counts a new tenant's active people as person.upserted / person.deactivated arrive", async () => {
    expect(await peopleOf('zaehlstadt')).toBe(0);
    const [anna, ben] = [newId(), newId()];
    await deliver(record(PersonUpsertedV1, anna, true), record(PersonUpsertedV1, ben, true));
    expect(await peopleOf('zaehlstadt')).toBe(2);
    await deliver(record(PersonDeactivatedV1, ben, false));
    expect(await peopleOf('zaehlstadt')).toBe(1);
    await deliver(record(PersonUpsertedV1, ben, true));
    expect(await peopleOf('zaehlstadt')).toBe(2);
    // Only what counting needs: id, tenant, active — no names or addresses in appointments.
    const rows = await t.dataSource.query(`SELECT * FROM appointments.tenant_person WHERE tenant = 'zaehlstadt' ORDER BY person_id`);
    expect(rows).toEqual([anna, ben].sort().map((id) => ({ tenant: 'zaehlstadt', person_id: id, active: true })));
  });

  it('changes nothing for a redelivered event (inbox) or a repeated record, and skips a tenant it does not hold', async () => {
    const carla = newId();
    const upserted = record(PersonUpsertedV1, carla, true);
    await deliver(upserted);
    const before = await peopleOf('zaehlstadt');
    await deliver(upserted, upserted, record(PersonUpsertedV1, carla, true));
    expect(await peopleOf('zaehlstadt')).toBe(before);
    const [inbox] = await t.dataSource.query(`SELECT count(*)::int AS n FROM appointments.inbox_event WHERE event_id = $1`, [
      upserted.headers.ce_id,
    ]);
    expect(inbox.n).toBe(1);

    await deliver(record(PersonUpsertedV1, newId(), true, 'nirgendwo'));
    expect(await t.dataSource.query(`SELECT * FROM appointments.tenant_person WHERE tenant = 'nirgendwo'`)).toEqual([]);
    expect(await peopleOf('zaehlstadt')).toBe(before);
  });
});
