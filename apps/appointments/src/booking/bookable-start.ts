import { DomainError } from '@amtsweg/platform';
import type { BookingWindow, WindowRejection } from '../slots/booking-window';
import { checkSlotStart, type OfficeSchedule, type SlotRejection } from '../slots/slot-schedule';

const DETAILS: Record<WindowRejection | SlotRejection, string> = {
  IN_PAST: 'This time lies in the past.',
  INSIDE_LEAD_TIME: 'This time is too soon; appointments must be booked further ahead.',
  BEYOND_WINDOW: 'This time lies beyond the period open for booking.',
  NOT_ON_GRID: "This time is not one of the office's slot times.",
  OUTSIDE_OPENING_HOURS: 'The office is not open for the whole appointment at this time.',
  OFFICE_CLOSED: 'The office is closed on this day.',
};

/** 422 unless `start` is a slot of the office that the booking window allows — the same rules the slot list follows. */
export function assertBookableStart(schedule: OfficeSchedule, durationMinutes: number, window: BookingWindow, start: number): void {
  const rejection = window.check(start) ?? checkSlotStart(schedule, durationMinutes, start);
  if (rejection)
    throw DomainError.unprocessable(`BOOKING.${rejection}`, DETAILS[rejection], [{ field: 'start', message: DETAILS[rejection] }]);
}
