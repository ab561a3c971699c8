import type { BookingWindowSettings } from '../slots/booking-window';

/** A municipality's booking rules. */
export interface TenantSettings extends BookingWindowSettings {
  /** Active future bookings one e-mail address may hold; null = no limit. */
  maxActiveBookingsPerEmail: number | null;
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
  settings: { maxActiveBookingsPerEmail: 3, bookingWindowDays: 60, leadTimeMinutes: 60 },
} as const satisfies { federalState: string; settings: TenantSettings };
