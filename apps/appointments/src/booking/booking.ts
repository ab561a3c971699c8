import { DomainError } from '@amtsweg/platform';

export const BOOKING_STATUSES = ['held', 'confirmed', 'arrived', 'done', 'no_show', 'cancelled', 'lapsed'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses that occupy a counter; the database's exclusion constraint names the same list. */
export const OCCUPYING_STATUSES: readonly BookingStatus[] = ['held', 'confirmed', 'arrived'];

/** What a clerk records at the counter. */
export const ATTENDANCE_MARKS = ['arrived', 'no_show', 'done'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

/** What a clerk may ask for: a mark, or `confirmed` to undo a mark made by mistake. */
export const ATTENDANCE_STATUSES = [...ATTENDANCE_MARKS, 'confirmed'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/**
 * The booking lifecycle: held → confirmed → arrived → done, confirmed → no_show, cancelled from
 * held or confirmed, and held → lapsed when nobody confirmed the hold in time. A clerk's mark
 * (arrived, done, no_show) goes back to confirmed when it was a mistake; the attendance use case
 * allows that, like every mark, only on the booking's day. Everything else is a conflict with the
 * booking's current state.
 */
const NEXT: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  held: ['confirmed', 'cancelled', 'lapsed'],
  confirmed: ['arrived', 'no_show', 'cancelled'],
  arrived: ['done', 'confirmed'],
  done: ['confirmed'],
  no_show: ['confirmed'],
  cancelled: [],
  lapsed: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return NEXT[from].includes(to);
}

/** The status after the change, or a 409 that says why not. */
export function transition(from: BookingStatus, to: BookingStatus): BookingStatus {
  if (canTransition(from, to)) return to;
  if (from === 'cancelled' && to === 'cancelled') throw BookingErrors.alreadyCancelled();
  if (from === 'lapsed') throw BookingErrors.holdLapsed();
  throw DomainError.conflict('BOOKING.TRANSITION_NOT_ALLOWED', `A booking that is "${from}" cannot become "${to}".`);
}

/** A booking can move to another time while it is still ahead and nobody has acted on it. */
export function assertReschedulable(status: BookingStatus): void {
  if (status === 'cancelled') throw BookingErrors.alreadyCancelled();
  if (status === 'lapsed') throw BookingErrors.holdLapsed();
  if (status !== 'held' && status !== 'confirmed') {
    throw DomainError.conflict('BOOKING.TRANSITION_NOT_ALLOWED', `A booking that is "${status}" cannot be moved.`);
  }
}

export const BookingErrors = {
  notFound: () => DomainError.notFound('BOOKING.NOT_FOUND', 'No booking with this reference and token.'),
  alreadyCancelled: () => DomainError.conflict('BOOKING.ALREADY_CANCELLED', 'This booking has already been cancelled.'),
  alreadyStarted: () =>
    DomainError.conflict('BOOKING.ALREADY_STARTED', 'This appointment has already begun; it can no longer be changed online.'),
  holdLapsed: () =>
    DomainError.conflict('BOOKING.HOLD_LAPSED', 'This reservation was not confirmed in time and has lapsed; please book again.'),
  slotTaken: () => DomainError.conflict('BOOKING.SLOT_TAKEN', 'This time has just been taken; please choose another one.'),
  notToday: () =>
    DomainError.conflict(
      'BOOKING.NOT_TODAY',
      "Attendance can only be recorded or undone on the booking's day (in the office's time zone).",
    ),
};
