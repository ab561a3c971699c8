import { onlyEvent, parseCalendar, property, type CalendarComponent } from '../../../tests/support/icalendar-parser';
import { DEMO_IDS } from '../src/seed/demo-data';
import { startAppointmentsTestApp, type AppointmentsTestApp } from './appointments-test-app';

const MITTE = DEMO_IDS.offices.demoMitte;
const AUSWEIS = DEMO_IDS.services.demoPersonalausweis;

/**
 * The downloaded calendar file (`GET …/bookings/{reference}/calendar.ics`) as a calendar program
 * reads it: imported while the booking stands, it must be the entry that the mails' later files
 * (same UID, same organizer, higher SEQUENCE) update and remove; downloaded after a cancellation,
 * it must remove the entry too (RFC 5546: only a CANCEL from the organizer does).
 */
describe('the booking calendar file over HTTP (embedded database)', () => {
  let t: AppointmentsTestApp;

  beforeAll(async () => (t = await startAppointmentsTestApp()), 60_000);
  afterAll(() => t?.close());

  const download = async (reference: string, token: string): Promise<{ calendar: CalendarComponent; event: CalendarComponent }> => {
    const response = await t
      .http()
      .get(`/api/v1/tenants/demo/bookings/${reference}/calendar.ics`)
      .query({ token })
      .buffer(true)
      .expect(200);
    const calendar = parseCalendar(response.text);
    return { calendar, event: onlyEvent(calendar) };
  };

  it('publishes the booking with an organizer, and after a move and a cancellation cancels the same entry with a higher SEQUENCE', async () => {
    const booked = await t
      .http()
      .post('/api/v1/tenants/demo/bookings')
      .send({
        officeId: MITTE,
        serviceId: AUSWEIS,
        start: '2026-12-01T10:15:00+01:00',
        citizen: { name: 'Erika Mustermann', email: 'ics@example.org' },
      })
      .expect(201);
    const { reference, manageToken: token } = booked.body as { reference: string; manageToken: string };

    const first = await download(reference, token);
    expect(property(first.calendar, 'METHOD')?.value).toBe('PUBLISH');
    expect(property(first.event, 'ORGANIZER')?.value).toMatch(/^mailto:/);
    expect(property(first.event, 'STATUS')?.value).toBe('CONFIRMED');
    const uid = property(first.event, 'UID')?.value;

    await t
      .http()
      .post(`/api/v1/tenants/demo/bookings/${reference}/reschedule`)
      .query({ token })
      .send({ start: '2026-12-03T10:15:00+01:00' })
      .expect(200);
    const moved = await download(reference, token);
    expect(property(moved.event, 'UID')?.value).toBe(uid);
    expect(Number(property(moved.event, 'SEQUENCE')?.value)).toBeGreaterThan(Number(property(first.event, 'SEQUENCE')?.value));

    await t.http().delete(`/api/v1/tenants/demo/bookings/${reference}`).query({ token }).expect(204);
    const cancelled = await download(reference, token);
    expect(property(cancelled.calendar, 'METHOD')?.value).toBe('CANCEL');
    expect(property(cancelled.event, 'UID')?.value).toBe(uid);
    expect(Number(property(cancelled.event, 'SEQUENCE')?.value)).toBeGreaterThan(Number(property(moved.event, 'SEQUENCE')?.value));
    expect(property(cancelled.event, 'STATUS')?.value).toBe('CANCELLED');
    expect(property(cancelled.event, 'ORGANIZER')).toEqual(property(first.event, 'ORGANIZER'));
  });
});
