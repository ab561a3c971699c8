import { BookingConfirmedV2, BookingHeldV2, type SealedForMessaging } from '@amtsweg/contracts';
import { DEVELOPMENT_SEAL_KEY, DomainError, loadConfig, MessagingSeal, messagingSealFor } from '@amtsweg/platform';
import { TestClock } from '@amtsweg/platform/testing';
import { fakeDataSource, fakeOutbox, NoHolidays, OFFICE, SERVICE, TENANT } from '../../../test/fakes';
import { BookingEvents } from '../booking-events';
import { PlaceBooking } from '../place-booking/place-booking';
import { BookSlotCommand } from './book-slot.command';
import { BookSlotHandler } from './book-slot.handler';

/** The sealed contact, opened as messaging would (the test config has no keys: the development key). */
const openContact = (data: unknown, bookingId: string) =>
  new MessagingSeal([DEVELOPMENT_SEAL_KEY]).open((data as { contact: SealedForMessaging }).contact, { tenant: 'demo', subject: bookingId });

const exclusionViolation = () =>
  Object.assign(new Error('conflicting key value violates exclusion constraint'), { driverError: { code: '23P01' } });

function setup(
  options: {
    activeBookings?: number;
    counters?: Array<string | undefined>;
    insert?: jest.Mock;
    heldBack?: Array<{ from: number; to: number }>;
  } = {},
) {
  const { dataSource, managers, manager } = fakeDataSource();
  const { outbox, appended } = fakeOutbox();
  const counters = [...(options.counters ?? [OFFICE.counterIds[0]])];
  const offices = { require: jest.fn().mockResolvedValue(OFFICE), requireOffered: jest.fn().mockResolvedValue(SERVICE) };
  const bookings = {
    lockEmail: jest.fn().mockResolvedValue(undefined),
    countActiveFutureByEmail: jest.fn().mockResolvedValue(options.activeBookings ?? 0),
    // Outside a transaction (the shortcut) it only looks; inside one it hands out the next counter.
    pickFreeCounter: jest.fn(async (inUse: unknown) => (managers.includes(inUse as never) ? counters.shift() : counters[0])),
    insert: options.insert ?? jest.fn().mockResolvedValue(undefined),
  };
  const references = { next: jest.fn().mockReturnValue('K7MN-4PQX') };
  const releases = { heldBack: jest.fn().mockResolvedValue(options.heldBack ?? []) };
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://termine.example.org' });
  const clock = TestClock.stoppedAt('2026-11-30T08:00:00+01:00');
  const placement = new PlaceBooking(bookings as never, references as never, new BookingEvents(outbox, config, messagingSealFor(config)));
  const handler = new BookSlotHandler(
    dataSource,
    offices as never,
    bookings as never,
    releases as never,
    new NoHolidays(),
    clock,
    placement,
  );
  return { handler, managers, manager, appended, bookings };
}

const command = (start = '2026-12-01T09:00:00+01:00', tenant = TENANT) =>
  new BookSlotCommand(tenant, OFFICE.id, SERVICE.id, new Date(start).getTime(), { name: 'Erika Mustermann', email: 'Erika@Example.org' });

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
}

describe('booking a slot (use case, with fakes)', () => {
  it('refuses a visibly full slot with 409 before opening a transaction', async () => {
    const { handler, managers, bookings } = setup({ counters: [undefined] });
    expect(await failure(handler.execute(command()))).toBe('409 BOOKING.SLOT_TAKEN');
    expect(managers).toHaveLength(0);
    expect(bookings.lockEmail).not.toHaveBeenCalled();
  });

  it('inserts the booking and appends BookingConfirmedV2 in the same transaction, with the mail details and no name', async () => {
    const { handler, managers, appended, bookings } = setup();
    const { booking, manageToken } = await handler.execute(command());
    expect(managers).toHaveLength(1);
    expect(bookings.insert).toHaveBeenCalledWith(managers[0], booking);
    expect(appended).toHaveLength(1);
    expect(appended[0].manager).toBe(managers[0]);
    expect(appended[0].contract).toBe(BookingConfirmedV2);
    expect(appended[0].meta).toEqual({ subject: booking.id, tenantId: 'demo' });
    expect(appended[0].data).toEqual({
      bookingId: booking.id,
      reference: 'K7MN-4PQX',
      officeId: OFFICE.id,
      officeName: 'Bürgerbüro Mitte',
      officeAddress: 'Marktplatz 1, 12345 Demostadt',
      timeZone: 'Europe/Berlin',
      serviceId: SERVICE.id,
      serviceName: 'Personalausweis beantragen',
      start: '2026-12-01T09:00:00+01:00',
      end: '2026-12-01T09:30:00+01:00',
      revision: 0,
      contact: expect.objectContaining({ keyId: 'dev' }),
    });
    expect(openContact(appended[0].data, booking.id)).toEqual({
      email: 'Erika@Example.org',
      manageUrl: `https://termine.example.org/demo/buchung/K7MN-4PQX?token=${manageToken}`,
    });
    expect(JSON.stringify(appended[0].data)).not.toContain('Mustermann');
    expect(booking.manageTokenSha256).not.toBe(manageToken);
  });

  it('holds the slot when the tenant wants confirmation by mail: BookingHeldV2 carries the link, the answer no token', async () => {
    const { handler, appended } = setup();
    const { booking, manageToken } = await handler.execute(
      command(undefined, { ...TENANT, settings: { ...TENANT.settings, holdMinutes: 15 } }),
    );
    expect(manageToken).toBeUndefined();
    expect(booking).toMatchObject({ status: 'held', heldUntil: new Date('2026-11-30T08:15:00+01:00') });
    expect(appended.map((event) => event.contract)).toEqual([BookingHeldV2]);
    expect(appended[0].data).toMatchObject({ reason: 'booking', heldUntil: '2026-11-30T08:15:00+01:00' });
    expect(openContact(appended[0].data, booking.id)).toMatchObject({
      manageUrl: expect.stringMatching(/^https:\/\/termine\.example\.org\/demo\/buchung\/K7MN-4PQX\?token=.{20,}/),
    });
  });

  it('refuses a time held back for a release draw with 409 before opening a transaction', async () => {
    const from = new Date('2026-12-01T00:00:00+01:00').getTime();
    const { handler, managers } = setup({ heldBack: [{ from, to: from + 86_400_000 }] });
    expect(await failure(handler.execute(command()))).toBe('409 RELEASE.HELD_BACK');
    expect(managers).toHaveLength(0);
  });

  it('counts the address’s bookings under its lock and refuses at the limit without inserting or publishing', async () => {
    const { handler, managers, appended, bookings } = setup({ activeBookings: 3 });
    expect(await failure(handler.execute(command()))).toBe('409 BOOKING.EMAIL_LIMIT_REACHED');
    expect(bookings.lockEmail).toHaveBeenCalledWith(managers[0], 'demo', 'Erika@Example.org');
    expect(bookings.lockEmail.mock.invocationCallOrder[0]).toBeLessThan(bookings.countActiveFutureByEmail.mock.invocationCallOrder[0]);
    expect(bookings.insert).not.toHaveBeenCalled();
    expect(appended).toEqual([]);
  });

  it('skips the lock and the count when the tenant has no limit', async () => {
    const { handler, bookings } = setup({ activeBookings: 99 });
    await handler.execute(command(undefined, { ...TENANT, settings: { ...TENANT.settings, maxActiveBookingsPerEmail: null } }));
    expect(bookings.lockEmail).not.toHaveBeenCalled();
    expect(bookings.countActiveFutureByEmail).not.toHaveBeenCalled();
  });

  it('tries again in a new transaction when the database refuses the counter, then answers 409 when none is left', async () => {
    const insert = jest.fn().mockRejectedValueOnce(exclusionViolation());
    const first = setup({ counters: ['c1', 'c2'], insert: insert.mockResolvedValueOnce(undefined) });
    const { booking } = await first.handler.execute(command());
    expect(first.managers).toHaveLength(2);
    expect(booking.counterId).toBe('c2');
    expect(first.appended.map((event) => event.manager)).toEqual([first.managers[1]]);

    const second = setup({ counters: ['c1', undefined], insert: jest.fn().mockRejectedValue(exclusionViolation()) });
    expect(await failure(second.handler.execute(command()))).toBe('409 BOOKING.SLOT_TAKEN');
    expect(second.managers).toHaveLength(2);
  });

  it('refuses a start that is no bookable slot before opening any transaction', async () => {
    const { handler, managers } = setup();
    expect(await failure(handler.execute(command('2026-12-01T09:10:00+01:00')))).toBe('422 BOOKING.NOT_ON_GRID');
    expect(await failure(handler.execute(command('2026-11-30T08:30:00+01:00')))).toBe('422 BOOKING.INSIDE_LEAD_TIME');
    expect(managers).toEqual([]);
  });
});
