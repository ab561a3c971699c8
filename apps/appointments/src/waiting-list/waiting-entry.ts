import type { StatedRequest } from '../preferences/stated-preferences';

export const WAITING_ENTRY_STATUSES = ['waiting', 'offered', 'booked', 'lapsed', 'withdrawn'] as const;
/** waiting → offered → booked, or → lapsed when the offer went unanswered; withdrawn by the citizen. */
export type WaitingEntryStatus = (typeof WAITING_ENTRY_STATUSES)[number];

export interface WaitingEntry extends StatedRequest {
  id: string;
  tenant: string;
  serviceId: string;
  status: WaitingEntryStatus;
  createdAt: Date;
  updatedAt: Date;
}
