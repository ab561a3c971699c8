import { BookingArrivedV1, BookingAttendanceUndoneV1, BookingDoneV1, BookingNoShowV1 } from '@amtsweg/contracts';
import { DomainError } from '@amtsweg/platform';
import { TestClock } from '@amtsweg/platform/testing';
import { fakeDataSource, fakeOutbox, OFFICE, SERVICE, TENANT } from '../../../test/fakes';
import type { BookingStatus } from '../booking';
import type { BookingEntity } from '../booking.entity';
import { RecordAttendanceCommand } from './record-attendance.command';
import { RecordAttendanceHandler } from './record-attendance.handler';

function booking(status: BookingStatus): BookingEntity {
  const at = new Date('2026-12-01T09:00:00+01:00');
  return {
    id: '0193a0b2-7c1e-7d3a-9f00-0000000000d1',
    tenant: 'demo',
    reference: 'K7MN-4PQX',
    manageTokenSha256: 'a'.repeat(64),
    officeId: OFFICE.id,
    counterId: OFFICE.counterIds[0],
    serviceId: SERVICE.id,
    startAt: at,
    endAt: new Date(at.getTime() + 30 * 60_000),
    status,
    heldUntil: status === 'held' ? new Date(at.getTime() - 60 * 60_000) : null,
    waitingEntryId: null,
    reopensAt: null,
    citizenName: 'Erika Mustermann',
    citizenEmail: 'erika@example.org',
    revision: 0,
    createdAt: at,
    updatedAt: at,
  };
}

function setup(status: BookingStatus | undefined, now = new Date('2026-12-01T09:02:00+01:00')) {
  const { dataSource, managers } = fakeDataSource();
  const { outbox, appended } = fakeOutbox();
  const bookings = {
    findByReference: jest.fn().mockResolvedValue(status && booking(status)),
    update: jest.fn().mockResolvedValue(undefined),
  };
  const offices = { requireSummary: jest.fn().mockResolvedValue(OFFICE), requireService: jest.fn().mockResolvedValue(SERVICE) };
  const clock = TestClock.stoppedAt(now);
  const handler = new RecordAttendanceHandler(dataSource, bookings as never, offices as never, clock, outbox);
  return { handler, managers, appended, bookings };
}

describe('recording attendance (use case, with fakes)', () => {
  it.each([
    ['confirmed', 'arrived', BookingArrivedV1],
    ['confirmed', 'no_show', BookingNoShowV1],
    ['arrived', 'done', BookingDoneV1],
  ] as const)('%s → %s: updates the booking under its row lock and appends the event in that transaction', async (from, to, contract) => {
    const { handler, managers, appended, bookings } = setup(from);
    const { booking: updated } = await handler.execute(new RecordAttendanceCommand(TENANT, 'k7mn-4pqx', to));
    expect(updated.status).toBe(to);
    expect(updated.revision).toBe(1);
    expect(bookings.findByReference).toHaveBeenCalledWith(managers[0], 'demo', 'K7MN-4PQX', { forUpdate: true });
    expect(bookings.update).toHaveBeenCalledWith(managers[0], updated);
    expect(appended).toEqual([
      {
        manager: managers[0],
        contract,
        data: { bookingId: updated.id, reference: 'K7MN-4PQX', officeId: OFFICE.id, at: '2026-12-01T09:02:00+01:00' },
        meta: { subject: updated.id, tenantId: 'demo' },
      },
    ]);
  });

  it.each([
    ['arrived', 'arrived'],
    ['done', 'arrived'],
    ['no_show', 'arrived'],
    ['arrived', 'no_show'],
    ['cancelled', 'arrived'],
    ['confirmed', 'done'],
  ] as const)('refuses %s → %s with 409 and publishes nothing', async (from, to) => {
    const { handler, appended, bookings } = setup(from);
    const error = await handler.execute(new RecordAttendanceCommand(TENANT, 'K7MN-4PQX', to)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 409, code: 'BOOKING.TRANSITION_NOT_ALLOWED' });
    expect(bookings.update).not.toHaveBeenCalled();
    expect(appended).toEqual([]);
  });

  it.each(['arrived', 'no_show', 'done'] as const)(
    'undoes %s the same day: the booking is confirmed again, with an event saying what was undone',
    async (from) => {
      const { handler, managers, appended, bookings } = setup(from);
      const { booking: updated } = await handler.execute(new RecordAttendanceCommand(TENANT, 'K7MN-4PQX', 'confirmed'));
      expect(updated.status).toBe('confirmed');
      expect(bookings.update).toHaveBeenCalledWith(managers[0], updated);
      expect(appended).toEqual([
        {
          manager: managers[0],
          contract: BookingAttendanceUndoneV1,
          data: { bookingId: updated.id, reference: 'K7MN-4PQX', officeId: OFFICE.id, at: '2026-12-01T09:02:00+01:00', undone: from },
          meta: { subject: updated.id, tenantId: 'demo' },
        },
      ]);
    },
  );

  it.each([
    ['confirmed', 'no_show', '2026-11-29T09:00:00+01:00'],
    ['confirmed', 'arrived', '2026-11-30T23:59:00+01:00'],
    ['confirmed', 'no_show', '2026-12-02T00:00:00+01:00'],
    ['no_show', 'confirmed', '2026-12-02T08:00:00+01:00'],
    ['arrived', 'done', '2026-12-03T08:00:00+01:00'],
  ] as const)('refuses %s → %s on another day than the booking’s (%s) with 409 BOOKING.NOT_TODAY', async (from, to, now) => {
    const { handler, appended, bookings } = setup(from, new Date(now));
    await expect(handler.execute(new RecordAttendanceCommand(TENANT, 'K7MN-4PQX', to))).rejects.toMatchObject({
      status: 409,
      code: 'BOOKING.NOT_TODAY',
    });
    expect(bookings.update).not.toHaveBeenCalled();
    expect(appended).toEqual([]);
  });

  it('takes the booking’s day in the office’s time zone, not in UTC', async () => {
    // 23:30 UTC on 30 November is already 1 December in Berlin, the day of the 09:00 booking.
    const { handler } = setup('confirmed', new Date('2026-11-30T23:30:00Z'));
    const { booking: updated } = await handler.execute(new RecordAttendanceCommand(TENANT, 'K7MN-4PQX', 'arrived'));
    expect(updated.status).toBe('arrived');
  });

  it('answers 404 for an unknown or malformed reference', async () => {
    const { handler } = setup(undefined);
    await expect(handler.execute(new RecordAttendanceCommand(TENANT, 'K7MN-4PQX', 'arrived'))).rejects.toMatchObject({
      status: 404,
      code: 'BOOKING.NOT_FOUND',
    });
    await expect(handler.execute(new RecordAttendanceCommand(TENANT, 'nonsense', 'arrived'))).rejects.toMatchObject({ status: 404 });
  });
});
