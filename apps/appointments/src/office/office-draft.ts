import type { Office } from './office';
import type { OfficeDraft } from './office-writer';
import { openingHoursOf, type OfficeRequest, type UpdateOfficeRequest } from './office.request.dto';

/** Europe/Berlin unless the office says otherwise. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

export function draftOf(body: OfficeRequest): OfficeDraft {
  return {
    name: body.name,
    address: { street: body.address.street, postalCode: body.address.postalCode, city: body.address.city },
    timeZone: body.timeZone ?? DEFAULT_TIME_ZONE,
    slotGridMinutes: body.slotGridMinutes,
    counters: body.counters,
    openingHours: openingHoursOf(body.openingHours),
    phone: body.phone ?? null,
    email: body.email ?? null,
    accessibility: body.accessibility ?? null,
    directions: body.directions ?? null,
  };
}

/** The office with what the PATCH names changed; `null` clears an optional field, and leaves a required one as it is. */
export function patchedDraft(office: Office, patch: UpdateOfficeRequest): OfficeDraft {
  const optional = (value: string | null | undefined, current: string | null) => (value === undefined ? current : value);
  return {
    name: patch.name ?? office.name,
    address: patch.address ? { ...patch.address } : { ...office.address },
    timeZone: patch.timeZone ?? office.timeZone,
    slotGridMinutes: patch.slotGridMinutes ?? office.slotGridMinutes,
    counters: patch.counters ?? office.counterIds.length,
    openingHours: patch.openingHours ? openingHoursOf(patch.openingHours) : office.openingHours,
    phone: optional(patch.phone, office.phone),
    email: optional(patch.email, office.email),
    accessibility: optional(patch.accessibility, office.accessibility),
    directions: optional(patch.directions, office.directions),
  };
}
