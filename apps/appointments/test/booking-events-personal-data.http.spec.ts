import { DEMO_IDS } from '../src/seed/demo-data';
import { outboxEvents, sealedContact, startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

const MITTE = DEMO_IDS.offices.demoMitte;
const AUSWEIS = DEMO_IDS.services.demoPersonalausweis;

/**
 * What a booking leaves on Kafka: the outbox envelope is the record value the relay publishes,
 * byte for byte. Kafka keeps it for the topic's retention, beyond the reach of erasure — so the
 * citizen's address and the manage token (the key to the booking) must not be readable in it.
 */
describe('booking events on the topic (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  it('carries neither the e-mail address nor the manage token in clear, through booking, move and cancellation', async () => {
    const email = 'sealed-erika@example.org';
    const booked = await t
      .http()
      .post('/api/v1/tenants/demo/bookings')
      .send({ officeId: MITTE, serviceId: AUSWEIS, start: '2026-12-01T09:15:00+01:00', citizen: { name: 'Erika Mustermann', email } })
      .expect(201);
    const { reference, manageToken } = booked.body as { reference: string; manageToken: string };
    await t
      .http()
      .post(`/api/v1/tenants/demo/bookings/${reference}/reschedule`)
      .query({ token: manageToken })
      .send({ start: '2026-12-03T10:15:00+01:00' })
      .expect(200);
    await t.http().delete(`/api/v1/tenants/demo/bookings/${reference}`).query({ token: manageToken }).expect(204);

    const events = (await outboxEvents(t.dataSource)).filter((event) => event.data.reference === reference);
    expect(events.map((event) => event.type.split('.').slice(-2, -1)[0])).toEqual(['confirmed', 'rescheduled', 'cancelled']);
    for (const event of events) {
      expect(event.raw).not.toContain(email);
      expect(event.raw).not.toContain(manageToken);
      expect(event.raw).not.toContain('Erika');
      // What messaging needs travels sealed for it alone, and opens there (the key both hold).
      expect(event.type).toMatch(/\.v2$/);
      expect(sealedContact(event)).toEqual({ email, manageUrl: `${t.config.publicUrl}/demo/buchung/${reference}?token=${manageToken}` });
    }
    // The calendar SEQUENCE travels with the events: the booking's revision, rising.
    expect(events.map((event) => event.data.revision)).toEqual([0, 1, 2]);
  });
});
