import { BookingConfirmedV2, BookingHeldV2, type SealedForMessaging } from '@amtsweg/contracts';
import { DEVELOPMENT_SEAL_KEY, loadConfig, MessagingSeal, messagingSealFor } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import { fakeOutbox, OFFICE, SERVICE, TENANT } from '../../../test/fakes';
import { WallClock } from '../../time/wall-clock';
import type { Tenant } from '../../tenancy/tenant';
import type { BookingSource } from '../booking';
import { BookingEvents } from '../booking-events';
import { hashManageToken } from '../manage-token';
import { PlaceBooking, type BookingToPlace } from './place-booking';

/** SealedBookingMail's fields, as every booking event carries them. */
const MAIL_DETAILS = [
  'bookingId',
  'reference',
  'officeId',
  'officeName',
  'officeAddress',
  'timeZone',
  'serviceId',
  'serviceName',
  'start',
  'end',
  'revision',
  'contact',
];
const NOW = new Date('2026-11-30T08:00:00+01:00');
const HOLDING: Tenant = { ...TENANT, settings: { ...TENANT.settings, holdMinutes: 15, waitingOfferMinutes: 60 } };
const NOT_HOLDING: Tenant = { ...TENANT, settings: { ...TENANT.settings, holdMinutes: null, waitingOfferMinutes: 60 } };

function setup() {
  const { outbox, appended, append } = fakeOutbox();
  const bookings = { insert: jest.fn().mockResolvedValue(undefined) };
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://termine.example.org' });
  const events = new BookingEvents(outbox, config, messagingSealFor(config));
  const placement = new PlaceBooking(bookings as never, { next: () => 'K7MN-4PQX' } as never, events);
  const manager = { transaction: 1 } as unknown as EntityManager;
  return { placement, manager, appended, append, bookings };
}

const request = (source: BookingSource, tenant = HOLDING, waitingEntryId?: string): BookingToPlace => ({
  tenant,
  source,
  slot: {
    office: OFFICE,
    service: SERVICE,
    clock: new WallClock(OFFICE.timeZone),
    counterId: OFFICE.counterIds[0],
    start: new Date('2026-12-01T09:00:00+01:00'),
    end: new Date('2026-12-01T09:30:00+01:00'),
  },
  citizen: { name: 'Erika Mustermann', email: 'Erika@Example.org' },
  waitingEntryId,
  now: NOW,
});

/** The sealed contact, opened as messaging would (the test config has no keys: the development key). */
const openContact = (data: unknown, bookingId: string) =>
  new MessagingSeal([DEVELOPMENT_SEAL_KEY]).open((data as { contact: SealedForMessaging }).contact, { tenant: 'demo', subject: bookingId });

describe('placing a booking (use case, with fakes)', () => {
  it('inserts the booking, then appends its event, both in the caller’s transaction', async () => {
    const { placement, manager, appended, append, bookings } = setup();
    const { booking } = await placement.place(manager, request('booking'));
    expect(bookings.insert).toHaveBeenCalledWith(manager, booking);
    expect(bookings.insert.mock.invocationCallOrder[0]).toBeLessThan(append.mock.invocationCallOrder[0]);
    expect(appended.map((event) => [event.manager, event.meta])).toEqual([[manager, { subject: booking.id, tenantId: 'demo' }]]);
  });

  it('holds a booked slot for the tenant’s hold time: BookingHeldV2 with reason "booking"', async () => {
    const { placement, manager, appended } = setup();
    const { booking, manageToken } = await placement.place(manager, request('booking'));
    expect(booking).toMatchObject({
      status: 'held',
      heldUntil: new Date('2026-11-30T08:15:00+01:00'),
      waitingEntryId: null,
      reference: 'K7MN-4PQX',
      manageTokenSha256: hashManageToken(manageToken),
      officeId: OFFICE.id,
      counterId: OFFICE.counterIds[0],
      serviceId: SERVICE.id,
      citizenName: 'Erika Mustermann',
      citizenEmail: 'Erika@Example.org',
    });
    expect(appended.map((event) => event.contract)).toEqual([BookingHeldV2]);
    expect(appended[0].data).toMatchObject({ reason: 'booking', heldUntil: '2026-11-30T08:15:00+01:00', revision: 0 });
  });

  it('confirms a booked slot at once where the tenant holds no bookings: BookingConfirmedV2, the mail details only', async () => {
    const { placement, manager, appended } = setup();
    const { booking, manageToken } = await placement.place(manager, request('booking', NOT_HOLDING));
    expect(booking).toMatchObject({ status: 'confirmed', heldUntil: null });
    expect(appended.map((event) => event.contract)).toEqual([BookingConfirmedV2]);
    // BookSlotHandler's spec spells out the whole payload; here: the details, sealed, and nothing a hold adds.
    expect(Object.keys(appended[0].data)).toEqual(MAIL_DETAILS);
    expect(appended[0].data).toMatchObject({ bookingId: booking.id, start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T09:30:00+01:00' });
    expect(openContact(appended[0].data, booking.id)).toEqual({
      email: 'Erika@Example.org',
      manageUrl: `https://termine.example.org/demo/buchung/K7MN-4PQX?token=${manageToken}`,
    });
    expect(JSON.stringify(appended[0].data)).not.toContain('Mustermann');
  });

  it('holds a won draw for the offer time where the tenant holds bookings, and confirms it where not', async () => {
    const held = setup();
    const { booking } = await held.placement.place(held.manager, request('draw'));
    expect(booking).toMatchObject({ status: 'held', heldUntil: new Date('2026-11-30T09:00:00+01:00') });
    expect(held.appended[0].contract).toBe(BookingHeldV2);
    expect(held.appended[0].data).toMatchObject({ reason: 'draw', heldUntil: '2026-11-30T09:00:00+01:00' });

    const confirmed = setup();
    expect((await confirmed.placement.place(confirmed.manager, request('draw', NOT_HOLDING))).booking.status).toBe('confirmed');
    expect(confirmed.appended.map((event) => event.contract)).toEqual([BookingConfirmedV2]);
  });

  it('holds a waiting-list offer for the offer time even where the tenant holds no bookings, tied to its entry', async () => {
    const { placement, manager, appended } = setup();
    const entryId = '0193a0b2-7c1e-7d3a-9f00-0000000000e1';
    const { booking, manageToken } = await placement.place(manager, request('waiting-list', NOT_HOLDING, entryId));
    expect(booking).toMatchObject({ status: 'held', heldUntil: new Date('2026-11-30T09:00:00+01:00'), waitingEntryId: entryId });
    expect(appended.map((event) => event.contract)).toEqual([BookingHeldV2]);
    expect(appended[0].data).toMatchObject({ reason: 'waiting-list', heldUntil: '2026-11-30T09:00:00+01:00' });
    expect(openContact(appended[0].data, booking.id)).toEqual({
      email: 'Erika@Example.org',
      manageUrl: `https://termine.example.org/demo/buchung/K7MN-4PQX?token=${manageToken}`,
    });
  });

  it('publishes nothing when the insert is refused (a concurrent booking took the counter)', async () => {
    const { placement, manager, appended, bookings } = setup();
    bookings.insert.mockRejectedValueOnce(Object.assign(new Error('exclusion'), { driverError: { code: '23P01' } }));
    await expect(placement.place(manager, request('booking'))).rejects.toThrow('exclusion');
    expect(appended).toEqual([]);
  });
});
