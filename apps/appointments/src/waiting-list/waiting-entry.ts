import type { StatedPreferences } from '../preferences/stated-preferences';

export const WAITING_ENTRY_STATUSES = ['waiting', 'offered', 'booked', 'lapsed', 'withdrawn'] as const;
/** waiting → offered → booked, or → lapsed when the offer went unanswered; withdrawn by the citizen. */
export type WaitingEntryStatus = (typeof WAITING_ENTRY_STATUSES)[number];

export interface WaitingEntry extends StatedPreferences {
  id: string;
  tenant: string;
  serviceId: string;
  citizenName: string;
  citizenEmail: string;
  manageTokenSha256: string;
  status: WaitingEntryStatus;
  createdAt: Date;
  updatedAt: Date;
}
