import type { BookingWindowSettings } from '../slots/booking-window';

/** A municipality's booking rules. */
export interface TenantSettings extends BookingWindowSettings {
  /** Active future bookings one e-mail address may hold; null = no limit. */
  maxActiveBookingsPerEmail: number | null;
  /** How long a new booking is held for the citizen to confirm it by the mailed link; null = confirmed at once. */
  holdMinutes: number | null;
  /** How long a slot offered from the waiting list is held for its citizen before it moves on. */
  waitingOfferMinutes: number;
  /** Citizens' write requests one client address may send per minute; null = no limit. */
  requestsPerMinutePerAddress: number | null;
  /** Difficulty of the proof-of-work challenge before a hold (the largest number to try); null = no challenge. */
  proofOfWorkMaxNumber: number | null;
  /** A cancelled slot goes to the waiting list first and reopens to everyone only after this delay. */
  reopenDelayMinutes: number;
}

export interface Tenant {
  slug: string;
  name: string;
  /** German federal state whose public holidays close the offices, e.g. `NW`. */
  federalState: string;
  settings: TenantSettings;
}

export const TENANT_DEFAULTS = {
  federalState: 'NW',
  settings: {
    maxActiveBookingsPerEmail: 3,
    bookingWindowDays: 60,
    leadTimeMinutes: 60,
    holdMinutes: 15,
    waitingOfferMinutes: 60,
    requestsPerMinutePerAddress: 20,
    proofOfWorkMaxNumber: 100_000,
    reopenDelayMinutes: 30,
  },
} as const satisfies { federalState: string; settings: TenantSettings };
