import fc from 'fast-check';
import { DomainError } from '@amtsweg/platform';
import { assertReschedulable, BOOKING_STATUSES, canTransition, transition, type BookingStatus } from './booking';

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
