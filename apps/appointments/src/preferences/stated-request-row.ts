import { formatMinutes, parseClockTime } from '../office/opening-hours';
import type { Weekday } from '../time/wall-clock';
import type { StatedRequest } from './stated-preferences';

/** How appointments.waiting_entry and appointments.release_request both store a StatedRequest. */
export interface StatedRequestRow {
  office_ids: string[];
  weekdays: number[];
  /** `HH:MM:SS`, selected as text. */
  earliest: string;
  latest: string;
  citizen_name: string;
  citizen_email: string;
  manage_token_sha256: string;
}

/** The columns in the order of statedRequestValues; the times are read as text. */
export const STATED_REQUEST_COLUMNS =
  'office_ids, weekdays, earliest::text, latest::text, citizen_name, citizen_email, manage_token_sha256';

/** The values of STATED_REQUEST_COLUMNS for an INSERT: cast them `uuid[], smallint[], time, time` and text. */
export function statedRequestValues(request: StatedRequest): [string[], Weekday[], string, string, string, string, string] {
  return [
    request.officeIds,
    request.weekdays,
    formatMinutes(request.earliestMinute),
    formatMinutes(request.latestMinute),
    request.citizenName,
    request.citizenEmail,
    request.manageTokenSha256,
  ];
}

export function statedRequestOf(row: StatedRequestRow): StatedRequest {
  return {
    officeIds: row.office_ids,
    weekdays: row.weekdays.map(Number) as Weekday[],
    earliestMinute: parseClockTime(row.earliest.slice(0, 5)),
    latestMinute: parseClockTime(row.latest.slice(0, 5)),
    citizenName: row.citizen_name,
    citizenEmail: row.citizen_email,
    manageTokenSha256: row.manage_token_sha256,
  };
}
