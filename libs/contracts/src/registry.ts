import { BookingArrivedV1, BookingDoneV1, BookingNoShowV1 } from './appointments/booking-attendance.v1';
import { BookingCancelledV1 } from './appointments/booking-cancelled.v1';
import { BookingConfirmedV1 } from './appointments/booking-confirmed.v1';
import { BookingRescheduledV1 } from './appointments/booking-rescheduled.v1';
import type { EventContract } from './event-contract';

/** Every published contract, so a consumer can validate what arrives by its `type` alone. */
export const EVENT_CONTRACTS: readonly EventContract[] = [
  BookingConfirmedV1,
  BookingRescheduledV1,
  BookingCancelledV1,
  BookingArrivedV1,
  BookingDoneV1,
  BookingNoShowV1,
];

const byType = new Map(EVENT_CONTRACTS.map((contract) => [contract.type, contract]));

export function contractForType(type: string): EventContract | undefined {
  return byType.get(type);
}
