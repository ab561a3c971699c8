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
  /** IANA zone of the municipality, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** Suspended by the provider: citizens see 404, staff 403 `TENANT.SUSPENDED`, in every service. */
  suspended: boolean;
  /** When the current suspension began (null while active): internal, for off-boarding, never in the public list. */
  suspendedSince: Date | null;
  /** How many `tenant.*` events the tenant has had; 0 for a row from before the registry. */
  revision: number;
  settings: TenantSettings;
}

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** What a slug may look like (as every tenant path checks it). */
export const TENANT_SLUG_PATTERN = /^[a-z0-9-]{2,63}$/;

/**
 * First path segments the gateway or its web pages use themselves (`/api`, `/health`, `/metrics`,
 * `/api/docs`, `/app/…` files, `/arbeitsplatz`, `/anmelden`, `/betrieb`, `/signaturen`, …) and a few
 * system names kept free for them: a tenant named so would shadow a page (`/{slug}/termin` is the
 * booking page) or look like one.
 */
export const RESERVED_TENANT_SLUGS: ReadonlySet<string> = new Set([
  'abmelden',
  'admin',
  'anmelden',
  'api',
  'app',
  'arbeitsplatz',
  'assets',
  'betrieb',
  'buchung',
  'dev',
  'docs',
  'enroll',
  'health',
  'login',
  'logout',
  'metrics',
  'public',
  'signaturen',
  'static',
  'system',
  'termin',
  'warteliste',
  'web-config',
  'well-known',
  'www',
]);

/** Why a slug cannot name a new tenant, or undefined when it can. */
export function slugProblem(slug: string): string | undefined {
  if (!TENANT_SLUG_PATTERN.test(slug)) return 'A slug is 2 to 63 characters of a-z, 0-9 and "-".';
  if (RESERVED_TENANT_SLUGS.has(slug)) return `"${slug}" is a path of the web pages or the system and cannot name a tenant.`;
  return undefined;
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
