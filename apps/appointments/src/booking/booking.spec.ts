import fc from 'fast-check';
import { DomainError } from '@amtsweg/platform';
import {
  assertReschedulable,
  BOOKING_SOURCES,
  BOOKING_STATUSES,
  canTransition,
  holdMinutesFor,
  newBooking,
  OCCUPYING_STATUSES,
  transition,
  type BookingPlacement,
  type BookingStatus,
} from './booking';

const ALLOWED: Array<[BookingStatus, BookingStatus]> = [
  ['held', 'confirmed'],
  ['held', 'cancelled'],
  ['held', 'lapsed'],
  ['confirmed', 'arrived'],
  ['confirmed', 'no_show'],
  ['confirmed', 'cancelled'],
  ['arrived', 'done'],
  // A clerk's mark is undone by setting the booking back to confirmed (the handler allows it on the booking's day only).
  ['arrived', 'confirmed'],
  ['no_show', 'confirmed'],
  ['done', 'confirmed'],
];

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
}

describe('the booking lifecycle', () => {
  it.each(ALLOWED)('lets %s become %s', (from, to) => {
    expect(transition(from, to)).toBe(to);
  });

  const forbidden = BOOKING_STATUSES.flatMap((from) => BOOKING_STATUSES.map((to) => [from, to] as [BookingStatus, BookingStatus])).filter(
    ([from, to]) => !ALLOWED.some(([f, t]) => f === from && t === to),
  );

  it.each(forbidden.filter(([from, to]) => !(from === 'cancelled' && to === 'cancelled') && from !== 'lapsed'))(
    'refuses %s → %s with 409 TRANSITION_NOT_ALLOWED',
    (from, to) => {
      expect(codeOf(() => transition(from, to))).toBe('409 BOOKING.TRANSITION_NOT_ALLOWED');
    },
  );

  it('says a second cancellation is one too many', () => {
    expect(codeOf(() => transition('cancelled', 'cancelled'))).toBe('409 BOOKING.ALREADY_CANCELLED');
  });

  it('says a lapsed hold can become nothing else: it has to be booked again', () => {
    for (const to of BOOKING_STATUSES) expect(codeOf(() => transition('lapsed', to))).toBe('409 BOOKING.HOLD_LAPSED');
  });

  it('never leaves cancelled or lapsed, and leaves arrived, done or no_show only onward or back to confirmed (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...BOOKING_STATUSES), { maxLength: 20 }), (requests) => {
        let status: BookingStatus = 'confirmed';
        for (const wanted of requests) {
          const before: BookingStatus = status;
          const allowed = canTransition(before, wanted);
          try {
            status = transition(before, wanted);
          } catch {
            // refused: the status stays
          }
          if (['cancelled', 'lapsed'].includes(before) && status !== before) return false;
          if (['done', 'no_show'].includes(before) && status !== before && status !== 'confirmed') return false;
          if (before === 'arrived' && status !== before && status !== 'done' && status !== 'confirmed') return false;
          if (allowed !== (status === wanted && before !== wanted)) return false;
        }
        return true;
      }),
    );
  });

  it('moves only held or confirmed bookings', () => {
    expect(codeOf(() => assertReschedulable('confirmed'))).toBeUndefined();
    expect(codeOf(() => assertReschedulable('held'))).toBeUndefined();
    expect(codeOf(() => assertReschedulable('cancelled'))).toBe('409 BOOKING.ALREADY_CANCELLED');
    expect(codeOf(() => assertReschedulable('arrived'))).toBe('409 BOOKING.TRANSITION_NOT_ALLOWED');
    expect(codeOf(() => assertReschedulable('done'))).toBe('409 BOOKING.TRANSITION_NOT_ALLOWED');
    expect(codeOf(() => assertReschedulable('lapsed'))).toBe('409 BOOKING.HOLD_LAPSED');
  });
});

describe('a new booking', () => {
  const placement: BookingPlacement = {
    id: '0193a0b2-7c1e-7d3a-9f00-0000000000d1',
    tenant: 'demo',
    reference: 'K7MN-4PQX',
    manageTokenSha256: 'ab'.repeat(32),
    officeId: '0193a0b2-7c1e-7d3a-9f00-0000000000a1',
    counterId: '0193a0b2-7c1e-7d3a-9f00-0000000000c1',
    serviceId: '0193a0b2-7c1e-7d3a-9f00-0000000000b1',
    startAt: new Date('2026-12-01T08:00:00Z'),
    endAt: new Date('2026-12-01T08:30:00Z'),
    waitingEntryId: null,
    citizen: { name: 'Erika Mustermann', email: 'erika@example.org' },
  };
  const settings = fc.record({
    // As the tenant table allows: no hold, or 1 minute to a day; offers 1 minute to a week.
    holdMinutes: fc.option(fc.integer({ min: 1, max: 1440 }), { nil: null }),
    waitingOfferMinutes: fc.integer({ min: 1, max: 10_080 }),
  });
  const moment = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true });

  it('is held for the hold time when booked where the tenant holds bookings, else confirmed', () => {
    expect(holdMinutesFor('booking', { holdMinutes: 15, waitingOfferMinutes: 60 })).toBe(15);
    expect(holdMinutesFor('booking', { holdMinutes: null, waitingOfferMinutes: 60 })).toBeNull();
  });

  it('is held for the offer time when won in a draw where the tenant holds bookings, else confirmed', () => {
    expect(holdMinutesFor('draw', { holdMinutes: 15, waitingOfferMinutes: 60 })).toBe(60);
    expect(holdMinutesFor('draw', { holdMinutes: null, waitingOfferMinutes: 60 })).toBeNull();
  });

  it('is always held for the offer time when offered from the waiting list', () => {
    expect(holdMinutesFor('waiting-list', { holdMinutes: 15, waitingOfferMinutes: 60 })).toBe(60);
    expect(holdMinutesFor('waiting-list', { holdMinutes: null, waitingOfferMinutes: 60 })).toBe(60);
  });

  it('starts held until now + its hold or confirmed, at revision 0, occupying its counter, with what was placed (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BOOKING_SOURCES),
        settings,
        moment,
        fc.option(fc.uuid(), { nil: null }),
        (source, tenantSettings, now, entry) => {
          const hold = holdMinutesFor(source, tenantSettings);
          const booking = newBooking({ ...placement, waitingEntryId: entry }, hold, now);
          expect(booking.status).toBe(hold === null ? 'confirmed' : 'held');
          expect(booking.heldUntil).toEqual(hold === null ? null : new Date(now.getTime() + hold * 60_000));
          if (booking.heldUntil) expect(booking.heldUntil.getTime()).toBeGreaterThan(now.getTime());
          expect(OCCUPYING_STATUSES).toContain(booking.status);
          expect(canTransition(booking.status, 'cancelled')).toBe(true);
          expect(booking).toMatchObject({ revision: 0, reopensAt: null, createdAt: now, updatedAt: now });
          const { citizen, ...fields } = placement;
          expect(booking).toMatchObject({ ...fields, waitingEntryId: entry, citizenName: citizen.name, citizenEmail: citizen.email });
          expect(Object.keys(booking)).toHaveLength(18);
        },
      ),
    );
  });

  it('is held whenever it is a waiting-list offer, and only then when the tenant does not hold bookings (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BOOKING_SOURCES), settings, (source, tenantSettings) => {
        const held = holdMinutesFor(source, tenantSettings) !== null;
        return held === (source === 'waiting-list' || tenantSettings.holdMinutes !== null);
      }),
    );
  });
});
