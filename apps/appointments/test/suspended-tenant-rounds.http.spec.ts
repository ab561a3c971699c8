import { FairBookingScheduler } from '../src/fair-booking/fair-booking.scheduler';
import { DEMO_IDS } from '../src/seed/demo-data';
import { startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

const OFFICE = DEMO_IDS.offices.musterRathaus;
const SERVICE = DEMO_IDS.services.musterMeldebescheinigung;

/**
 * The fair-booking round and a suspended tenant (docs/onboarding.md, "Suspending a municipality"):
 * what would reach its citizens — a release's draw, a waiting-list offer — waits for the
 * reactivation; lapsing unanswered holds (which mails nobody) goes on.
 */
describe('fair-booking rounds for a suspended tenant (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  const status = (table: 'release' | 'waiting_entry' | 'booking', id: string) =>
    t.dataSource
      .query(`SELECT status FROM appointments.${table} WHERE ${table === 'booking' ? 'reference' : 'id'} = $1`, [id])
      .then((rows: Array<{ status: string }>) => rows[0].status);

  it('neither draws its releases nor makes waiting-list offers while it is suspended, lapses its holds, and catches up after the reactivation', async () => {
    const provider = `Bearer ${await t.token({ roles: ['provider-admin'], sub: 'betrieb-1', email: 'betrieb@amtsweg.example' })}`;
    const admin = `Bearer ${await t.token({ tenant: 'muster', roles: ['tenant-admin'] })}`;
    const suspend = (suspended: boolean) =>
      t.http().patch('/api/v1/tenants/muster').set('authorization', provider).send({ suspended }).expect(200);

    // Before the suspension: a release collecting requests, a citizen waiting, a hold not yet confirmed.
    const release = (
      await t
        .http()
        .post('/api/v1/tenants/muster/releases')
        .set('authorization', admin)
        .send({
          serviceId: SERVICE,
          officeIds: [OFFICE],
          slotsFrom: '2026-12-14T00:00:00+01:00',
          slotsTo: '2026-12-19T00:00:00+01:00',
          requestsUntil: '2026-12-01T10:00:00+01:00',
        })
        .expect(201)
    ).body as { id: string };
    const preferences = { officeIds: [OFFICE], weekdays: [1, 2, 3, 4, 5], earliest: '08:00', latest: '12:00' };
    await t
      .http()
      .post(`/api/v1/tenants/muster/releases/${release.id}/requests`)
      .send({ ...preferences, citizen: { name: 'Los', email: 'los@example.org' } })
      .expect(201);
    const waiting = (
      await t
        .http()
        .post('/api/v1/tenants/muster/waiting-list')
        .send({ ...preferences, serviceId: SERVICE, citizen: { name: 'Wartend', email: 'wartend@example.org' } })
        .expect(201)
    ).body as { id: string };
    await t.dataSource.query(`UPDATE appointments.tenant SET hold_minutes = 15 WHERE slug = 'muster'`);
    const held = (
      await t
        .http()
        .post('/api/v1/tenants/muster/bookings')
        .send({
          officeId: OFFICE,
          serviceId: SERVICE,
          start: '2026-12-02T09:00:00+01:00',
          citizen: { name: 'Hold', email: 'hold@example.org' },
        })
        .expect(201)
    ).body as { reference: string };
    await t.dataSource.query(`UPDATE appointments.tenant SET hold_minutes = NULL WHERE slug = 'muster'`);

    await suspend(true);
    const scheduler = t.app.get(FairBookingScheduler);
    t.clock.advance(15 * 60_000);
    expect(await scheduler.runRound()).toMatchObject({ lapsed: 1, drawn: 0, offered: 0 });
    expect(await status('booking', held.reference)).toBe('lapsed');
    // The collection ended meanwhile: still no draw.
    t.clock.set(new Date('2026-12-01T10:00:00+01:00'));
    expect(await scheduler.runRound()).toMatchObject({ drawn: 0, offered: 0 });
    expect([await status('release', release.id), await status('waiting_entry', waiting.id)]).toEqual(['collecting', 'waiting']);

    await suspend(false);
    expect(await scheduler.runRound()).toMatchObject({ drawn: 1, offered: 1 });
    expect([await status('release', release.id), await status('waiting_entry', waiting.id)]).toEqual(['drawn', 'offered']);
  });

  it("erases its citizens' data past retention while it is suspended: data protection does not pause", async () => {
    const provider = `Bearer ${await t.token({ roles: ['provider-admin'], sub: 'betrieb-1', email: 'betrieb@amtsweg.example' })}`;
    const booked = (
      await t
        .http()
        .post('/api/v1/tenants/muster/bookings')
        .send({
          officeId: OFFICE,
          serviceId: SERVICE,
          start: '2026-12-03T09:00:00+01:00',
          citizen: { name: 'Löschmich', email: 'loeschmich@example.org' },
        })
        .expect(201)
    ).body as { reference: string };
    await t.http().patch('/api/v1/tenants/muster').set('authorization', provider).send({ suspended: true }).expect(200);

    t.clock.set(new Date(new Date('2026-12-03T09:15:00+01:00').getTime() + 31 * 86_400_000));
    expect((await t.app.get(FairBookingScheduler).runRound()).erased).toBeGreaterThanOrEqual(1);
    const [row] = (await t.dataSource.query(`SELECT citizen_name, personal_data_erased_at FROM appointments.booking WHERE reference = $1`, [
      booked.reference,
    ])) as Array<{ citizen_name: string; personal_data_erased_at: Date | null }>;
    expect(row.citizen_name).toBe('');
    expect(row.personal_data_erased_at).not.toBeNull();
  });
});
