import { api, tenantPath } from './api.js';
import { addDays, localDay } from './format.js';

export interface Service {
  id: string;
  name: string;
  durationMinutes: number;
  officeIds: string[];
  description: string | null;
  /** What to bring. */
  documents: string[];
  fee: { amountCents: number; note: string } | null;
}

export interface Office {
  id: string;
  name: string;
  address: { street: string; postalCode: string; city: string };
  timeZone: string;
  /** ISO weekday (1 = Monday), local `HH:MM`. */
  openingHours: Array<{ weekday: number; opens: string; closes: string }>;
  phone: string | null;
  accessibility: string | null;
}

export interface Slot {
  start: string;
  end: string;
  /** Only in the slots of "any office". */
  officeId?: string;
}

/** The `standort` of "any office": the slots of every office that offers the service. */
export const ANY_OFFICE = 'beliebig';

export interface Booking {
  reference: string;
  status: string;
  start: string;
  end: string;
  officeId: string;
  serviceId: string;
}

/** How the municipality gives out appointments (GET …/releases/policy): shown to citizens as it is. */
export interface ReleasePolicy {
  opensDaysAhead: number;
  holdMinutes: number | null;
  reopenDelayMinutes: number;
  proofOfWork: boolean;
  maxActiveBookingsPerEmail: number | null;
  nextDraw: { serviceId: string; requestsUntil: string; slotsFrom: string; slotsTo: string } | null;
}

/** What a tenant offers: read once per page load, it changes rarely. */
export interface Catalogue {
  services: Service[];
  offices: Office[];
  policy: ReleasePolicy;
}

const catalogues = new Map<string, Promise<Catalogue>>();

export function catalogue(tenant: string): Promise<Catalogue> {
  let loaded = catalogues.get(tenant);
  if (!loaded) {
    loaded = Promise.all([
      api<Service[]>(tenantPath(tenant, '/services')),
      api<Office[]>(tenantPath(tenant, '/offices')),
      api<ReleasePolicy>(tenantPath(tenant, '/releases/policy')),
    ]).then(([services, offices, policy]) => ({ services, offices, policy }));
    loaded.catch(() => catalogues.delete(tenant));
    catalogues.set(tenant, loaded);
  }
  return loaded;
}

/** After an admin's change: the next page reads offices and services afresh. */
export function forgetCatalogue(tenant: string): void {
  catalogues.delete(tenant);
}

/**
 * Free slots on `dayCount` calendar days of the office from `firstDay` (YYYY-MM-DD), grouped by
 * day. The API takes instants, so this asks from a day before to a day after (no zone is more
 * than 14 hours off UTC) and keeps the days asked for; the API caps a range at 62 days.
 */
export async function freeDays(
  tenant: string,
  office: Office,
  serviceId: string,
  firstDay: string,
  dayCount: number,
): Promise<Map<string, Slot[]>> {
  const query = new URLSearchParams({
    ...(office.id === ANY_OFFICE ? {} : { officeId: office.id }),
    serviceId,
    from: `${addDays(firstDay, -1)}T00:00:00Z`,
    to: `${addDays(firstDay, dayCount + 1)}T00:00:00Z`,
  });
  const end = addDays(firstDay, dayCount);
  const days = slotsByDay(await api<Slot[]>(tenantPath(tenant, `/slots?${query}`)), office.timeZone);
  return new Map([...days].filter(([day]) => day >= firstDay && day < end));
}

/** Slots grouped by the office's calendar day, days in order. */
export function slotsByDay(slots: Slot[], timeZone: string): Map<string, Slot[]> {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = localDay(slot.start, timeZone);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return days;
}

export function officeAddress(office: Office): string {
  return `${office.address.street}, ${office.address.postalCode} ${office.address.city}`;
}

export function manageUrl(tenant: string, reference: string, token: string): string {
  return `/${encodeURIComponent(tenant)}/buchung/${encodeURIComponent(reference)}?token=${encodeURIComponent(token)}`;
}

export function calendarUrl(tenant: string, reference: string, token: string): string {
  return tenantPath(tenant, `/bookings/${encodeURIComponent(reference)}/calendar.ics?token=${encodeURIComponent(token)}`);
}
