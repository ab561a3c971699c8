import { startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';
import { addOffice, addService, addTenant, occupy } from './fixtures';

describe('tenant statistics per office and week (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  it('counts offered slots and each outcome per office and week, without personal data, for tenant admins only', async () => {
    await addTenant(t.dataSource, 'stats', { holdMinutes: 15, waitingOfferMinutes: 30, bookingWindowDays: 30, leadTimeMinutes: 0 });
    const serviceId = await addService(t.dataSource, 'stats', 30);
    const { officeId, counterIds } = await addOffice(t.dataSource, { counters: 2, tenant: 'stats', name: 'Statistikamt' });
    const at = (day: string, time: string, status: string) =>
      occupy(t.dataSource, {
        tenant: 'stats',
        officeId,
        counterId: counterIds[0],
        serviceId,
        start: `${day}T${time}:00+01:00`,
        end: `${day}T${time.replace(':00', ':30')}:00+01:00`,
        status,
      });
    // Week of Monday 30 November: one of each outcome; week of 7 December: one booking.
    await at('2026-12-01', '08:00', 'confirmed');
    await at('2026-12-01', '09:00', 'no_show');
    await at('2026-12-01', '10:00', 'cancelled');
    await at('2026-12-01', '10:00', 'lapsed');
    await at('2026-12-02', '08:00', 'held');
    await at('2026-12-08', '08:00', 'done');
    const offer = await at('2026-12-03', '08:00', 'confirmed');
    const entry = '0193a0b2-7c1e-7d3a-9f00-00000000e001';
    await t.dataSource.query(
      `INSERT INTO appointments.waiting_entry (id, tenant, service_id, office_ids, weekdays, earliest, latest, citizen_name, citizen_email, manage_token_sha256, status, created_at, updated_at)
       VALUES ($1, 'stats', $2, ARRAY[$3]::uuid[], ARRAY[4]::smallint[], '08:00', '12:00', 'W', 'w@example.org', repeat('b', 64), 'booked', now(), now())`,
      [entry, serviceId, officeId],
    );
    await t.dataSource.query('UPDATE appointments.booking SET waiting_entry_id = $1 WHERE id = $2', [entry, offer]);

    const query = { from: '2026-11-30', to: '2026-12-09' };
    await t.http().get('/api/v1/tenants/stats/statistics').query(query).expect(401);
    const clerk = await t.token({ tenant: 'stats', roles: ['clerk'] });
    await t.http().get('/api/v1/tenants/stats/statistics').query(query).set('authorization', `Bearer ${clerk}`).expect(403);
    const admin = await t.token({ tenant: 'stats', roles: ['tenant-admin'] });
    const response = await t
      .http()
      .get('/api/v1/tenants/stats/statistics')
      .query(query)
      .set('authorization', `Bearer ${admin}`)
      .expect(200);

    // Monday to Friday 08:00–12:00 on a 15-minute grid: 16 slots a day, 80 a week, at two counters.
    expect(response.body).toEqual([
      {
        officeId,
        officeName: 'Statistikamt',
        week: '2026-11-30',
        slotsOffered: 160,
        booked: 3,
        held: 1,
        lapsed: 1,
        cancelled: 1,
        noShows: 1,
        waitingListOffers: 1,
        waitingListOffersTaken: 1,
      },
      {
        officeId,
        officeName: 'Statistikamt',
        week: '2026-12-07',
        slotsOffered: 160,
        booked: 1,
        held: 0,
        lapsed: 0,
        cancelled: 0,
        noShows: 0,
        waitingListOffers: 0,
        waitingListOffersTaken: 0,
      },
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/example\.org|Besetzt/);

    const inverted = await t
      .http()
      .get('/api/v1/tenants/stats/statistics')
      .query({ from: '2026-12-09', to: '2026-11-30' })
      .set('authorization', `Bearer ${admin}`);
    expect({ status: inverted.status, code: inverted.body.code }).toEqual({ status: 422, code: 'STATISTICS.RANGE_INVERTED' });
    await t
      .http()
      .get('/api/v1/tenants/stats/statistics')
      .query({ from: 'soon', to: '2026-11-30' })
      .set('authorization', `Bearer ${admin}`)
      .expect(400);
  });
});
