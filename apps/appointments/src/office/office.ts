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

export interface Office extends OfficeSummary {
  tenant: string;
  slotGridMinutes: number;
  openingHours: WeeklyOpeningHours;
  closures: Closure[];
  counterIds: string[];
}

export interface Service {
  id: string;
  tenant: string;
  name: string;
  durationMinutes: number;
}

/** `Marktplatz 1, 12345 Demostadt` — as mails and calendar entries show it. */
export function oneLineAddress(address: PostalAddress): string {
  return `${address.street}, ${address.postalCode} ${address.city}`;
}
