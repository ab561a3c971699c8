import { DomainError } from '@amtsweg/platform';
import type { TenantSettings } from '../tenancy/tenant';
import { MINUTE_MS } from '../time/wall-clock';

export const BOOKING_STATUSES = ['held', 'confirmed', 'arrived', 'done', 'no_show', 'cancelled', 'lapsed'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses that occupy a counter; the database's exclusion constraint names the same list. */
export const OCCUPYING_STATUSES: readonly BookingStatus[] = ['held', 'confirmed', 'arrived'];

/** Who a booking is for: the name stays with appointments; the address goes to messaging only sealed. */
export interface Citizen {
  name: string;
  email: string;
}

/** A citizen's appointment at one counter; BookingEntity is how it is stored. */
export interface Booking {
  id: string;
  tenant: string;
  reference: string;
  /** The manage token is the citizen's key to the booking; only its hash is kept. */
  manageTokenSha256: string;
  officeId: string;
  counterId: string;
  serviceId: string;
  startAt: Date;
  endAt: Date;
  status: BookingStatus;
  citizenName: string;
  citizenEmail: string;
  /** While `held`: when the hold lapses unless confirmed. */
  heldUntil: Date | null;
  /** Set when the booking is a waiting-list offer. */
  waitingEntryId: string | null;
  /** Cancelled with a reopen delay: until then the time goes to the waiting list only, not first-come. */
  reopensAt: Date | null;
  /** Counts changes of time or status; the calendar file's SEQUENCE. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** How a booking comes about: a citizen books a slot, wins a release draw, or takes a waiting-list offer (BookingHeldV2's `reason`). */
export const BOOKING_SOURCES = ['booking', 'draw', 'waiting-list'] as const;
export type BookingSource = (typeof BOOKING_SOURCES)[number];

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

/**
 * How long a new booking is held for its citizen to confirm by the mailed link; null: confirmed at
 * once. A booked slot is held where the tenant holds bookings, for the hold time. A won draw and a
 * waiting-list offer give a time the citizen did not pick, so they get the offer time to take it:
 * a draw only where the tenant holds bookings at all, a waiting-list offer always (left unanswered,
 * the slot moves on to the next in line).
 */
export function holdMinutesFor(
  source: BookingSource,
  settings: Pick<TenantSettings, 'holdMinutes' | 'waitingOfferMinutes'>,
): number | null {
  switch (source) {
    case 'booking':
      return settings.holdMinutes;
    case 'draw':
      return settings.holdMinutes === null ? null : settings.waitingOfferMinutes;
    case 'waiting-list':
      return settings.waitingOfferMinutes;
  }
}

/** What the one placing a booking decides; the rest is how every booking starts. */
export type BookingPlacement = Pick<
  Booking,
  'id' | 'tenant' | 'reference' | 'manageTokenSha256' | 'officeId' | 'counterId' | 'serviceId' | 'startAt' | 'endAt' | 'waitingEntryId'
> & { citizen: Citizen };

/** A new booking: held for `holdMinutes` from `now`, or confirmed at once when that is null; revision 0. */
export function newBooking(placement: BookingPlacement, holdMinutes: number | null, now: Date): Booking {
  return {
    id: placement.id,
    tenant: placement.tenant,
    reference: placement.reference,
    manageTokenSha256: placement.manageTokenSha256,
    officeId: placement.officeId,
    counterId: placement.counterId,
    serviceId: placement.serviceId,
    startAt: placement.startAt,
    endAt: placement.endAt,
    status: holdMinutes === null ? 'confirmed' : 'held',
    citizenName: placement.citizen.name,
    citizenEmail: placement.citizen.email,
    heldUntil: holdMinutes === null ? null : new Date(now.getTime() + holdMinutes * MINUTE_MS),
    waitingEntryId: placement.waitingEntryId,
    reopensAt: null,
    revision: 0,
    createdAt: now,
    updatedAt: now,
  };
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
