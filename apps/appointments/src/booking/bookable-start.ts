import { DomainError } from '@amtsweg/platform';
import type { BookingWindow, WindowRejection } from '../slots/booking-window';
import { checkSlotStart, type OfficeSchedule, type SlotRejection } from '../slots/slot-schedule';

/** Each rejection's code, written out in full so that the web client's text catalogue test finds it. */
const PROBLEMS: Record<WindowRejection | SlotRejection, { code: string; detail: string }> = {
  IN_PAST: { code: 'BOOKING.IN_PAST', detail: 'This time lies in the past.' },
  INSIDE_LEAD_TIME: { code: 'BOOKING.INSIDE_LEAD_TIME', detail: 'This time is too soon; appointments must be booked further ahead.' },
  BEYOND_WINDOW: { code: 'BOOKING.BEYOND_WINDOW', detail: 'This time lies beyond the period open for booking.' },
  NOT_ON_GRID: { code: 'BOOKING.NOT_ON_GRID', detail: "This time is not one of the office's slot times." },
  OUTSIDE_OPENING_HOURS: {
    code: 'BOOKING.OUTSIDE_OPENING_HOURS',
    detail: 'The office is not open for the whole appointment at this time.',
  },
  OFFICE_CLOSED: { code: 'BOOKING.OFFICE_CLOSED', detail: 'The office is closed on this day.' },
};

/** 422 unless `start` is a slot of the office that the booking window allows — the same rules the slot list follows. */
export function assertBookableStart(schedule: OfficeSchedule, durationMinutes: number, window: BookingWindow, start: number): void {
  const rejection = window.check(start) ?? checkSlotStart(schedule, durationMinutes, start);
  if (!rejection) return;
  const { code, detail } = PROBLEMS[rejection];
  throw DomainError.unprocessable(code, detail, [{ field: 'start', message: detail }]);
}
