import { DomainError } from '@amtsweg/platform';
import type { SlotTime } from '../slots/slot-schedule';

/** A time range kept for a draw that has not happened yet. */
export interface HeldBackRange {
  from: number;
  to: number;
}

/** Slots that touch no held-back range: only these may be booked first-come or offered from the waiting list. */
export function outsideHeldBack<S extends SlotTime>(slots: readonly S[], ranges: readonly HeldBackRange[]): S[] {
  return ranges.length === 0 ? [...slots] : slots.filter((slot) => !ranges.some((range) => slot.start < range.to && slot.end > range.from));
}

export const heldBackForDraw = () =>
  DomainError.conflict(
    'RELEASE.HELD_BACK',
    'This time is given out by a draw, not first-come; see the releases of this municipality to take part.',
  );
