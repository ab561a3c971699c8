import type { WeeklyOpeningHours } from './opening-hours';

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
}

/** A closure in local dates (`YYYY-MM-DD`), both ends included. */
export interface Closure {
  firstDay: string;
  lastDay: string;
  reason: string;
}

/** What a citizen needs to know to get there. */
export interface OfficeSummary {
  id: string;
  name: string;
  address: PostalAddress;
  timeZone: string;
}

/** How to reach an office and get in, as citizens see it; null where the office says nothing. */
export interface OfficeContact {
  phone: string | null;
  email: string | null;
  accessibility: string | null;
  directions: string | null;
}

export interface Office extends OfficeSummary, OfficeContact {
  tenant: string;
  slotGridMinutes: number;
  openingHours: WeeklyOpeningHours;
  closures: Closure[];
  /** The counters in service (retired ones left out): the office's capacity. */
  counterIds: string[];
}

export interface Fee {
  amountCents: number;
  note: string;
}

export interface Service {
  id: string;
  tenant: string;
  name: string;
  durationMinutes: number;
  /** The offices that offer it (not deleted ones). */
  officeIds: string[];
  description: string | null;
  documents: string[];
  fee: Fee | null;
  /** Deleted services still name past bookings; nobody can book them. */
  deleted: boolean;
}

/** `Marktplatz 1, 12345 Demostadt` — as mails and calendar entries show it. */
export function oneLineAddress(address: PostalAddress): string {
  return `${address.street}, ${address.postalCode} ${address.city}`;
}
