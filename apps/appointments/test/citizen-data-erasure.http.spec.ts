import { BookingPersonalDataErasedV1 } from '@amtsweg/contracts';
import { EraseCitizenData } from '../src/data-protection/erase-citizen-data';
import { DEMO_IDS } from '../src/seed/demo-data';
import { outboxEvents, startAppointmentsTestApp, TEST_NOW, type AppointmentsTestApp } from './appointments-test-app';

const DAY_MS = 86_400_000;
const NAME = 'Erika Löschmich';
const EMAIL = 'erika.loeschmich@example.org';

describe("erasing citizens' data after the retention period (embedded database)", () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  const book = async (start: string, email: string) =>
    (
      await t
        .http()
        .post('/api/v1/tenants/demo/bookings')
        .send({
          officeId: DEMO_IDS.offices.demoMitte,
          serviceId: DEMO_IDS.services.demoPersonalausweis,
          start,
          citizen: { name: NAME, email },
        })
        .expect(201)
    ).body as { reference: string };

  const stored = async (reference: string) =>
    (
      await t.dataSource.query(
        `SELECT citizen_name, citizen_email, personal_data_erased_at FROM appointments.booking WHERE reference = $1`,
        [reference],
      )
    )[0] as { citizen_name: string; citizen_email: string; personal_data_erased_at: Date | null };

  const erasedEvents = async (reference: string) =>
    (await outboxEvents(t.dataSource)).filter((e) => e.type === BookingPersonalDataErasedV1.type && e.data.reference === reference);

  it('erases name and address 30 days after the appointment, announces it once, and leaves later bookings alone', async () => {
    const past = await book('2026-12-01T09:00:00+01:00', EMAIL);
    const later = await book('2026-12-15T09:00:00+01:00', `later-${EMAIL}`);
    const erasure = t.app.get(EraseCitizenData);

    // 29 days after the first appointment: nothing is due yet.
    t.clock.set(new Date(new Date('2026-12-01T09:15:00+01:00').getTime() + 29 * DAY_MS));
    expect((await erasure.eraseDue()).bookings).toBe(0);
    expect((await stored(past.reference)).citizen_name).toBe(NAME);

    t.clock.set(new Date(new Date('2026-12-01T09:15:00+01:00').getTime() + 31 * DAY_MS));
    expect((await erasure.eraseDue()).bookings).toBe(1);
    const erased = await stored(past.reference);
    expect(erased.citizen_name).toBe('');
    expect(erased.citizen_email).not.toContain('@');
    expect(erased.personal_data_erased_at).not.toBeNull();
    expect(
      JSON.stringify(await t.dataSource.query(`SELECT * FROM appointments.booking WHERE reference = $1`, [past.reference])),
    ).not.toMatch(/Löschmich|loeschmich/);
    const [event] = await erasedEvents(past.reference);
    expect(event.data).toEqual({ bookingId: expect.any(String), reference: past.reference });
    expect((await stored(later.reference)).citizen_name).toBe(NAME);

    // Idempotent: a second run erases nothing and announces nothing again.
    expect(await erasure.eraseDue()).toEqual({ bookings: 0, waitingEntries: 0, releaseRequests: 0 });
    expect(await erasedEvents(past.reference)).toHaveLength(1);
    t.clock.set(TEST_NOW);
  });

  it('erases ended waiting-list entries, not waiting ones', async () => {
    const join = (email: string) =>
      t
        .http()
        .post('/api/v1/tenants/demo/waiting-list')
        .send({
          serviceId: DEMO_IDS.services.demoReisepass,
          officeIds: [DEMO_IDS.offices.demoMitte],
          weekdays: [1, 2, 3, 4, 5],
          earliest: '08:00',
          latest: '12:00',
          citizen: { name: NAME, email },
        })
        .expect(201);
    const ended = (await join(`ended-${EMAIL}`)).body as { id: string; manageToken: string };
    await t.http().delete(`/api/v1/tenants/demo/waiting-list/${ended.id}`).query({ token: ended.manageToken }).expect(204);
    const waiting = (await join(`waiting-${EMAIL}`)).body as { id: string };

    t.clock.set(new Date(TEST_NOW.getTime() + 31 * DAY_MS));
    expect((await t.app.get(EraseCitizenData).eraseDue()).waitingEntries).toBe(1);
    const rows: Array<{ id: string; citizen_name: string }> = await t.dataSource.query(
      `SELECT id, citizen_name FROM appointments.waiting_entry WHERE id = ANY($1::uuid[])`,
      [[ended.id, waiting.id]],
    );
    expect(Object.fromEntries(rows.map((row) => [row.id, row.citizen_name]))).toEqual({ [ended.id]: '', [waiting.id]: NAME });
    t.clock.set(TEST_NOW);
  });
});
