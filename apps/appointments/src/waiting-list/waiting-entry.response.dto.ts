import { ApiProperty } from '@nestjs/swagger';
import { formatMinutes } from '../office/opening-hours';
import { WAITING_ENTRY_STATUSES, type WaitingEntry, type WaitingEntryStatus } from './waiting-entry';

/** A waiting-list entry as its citizen sees it: what they asked for and where it stands, no name, no address. */
export class WaitingEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WAITING_ENTRY_STATUSES, example: 'waiting' }) status: WaitingEntryStatus;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) officeIds: string[];
  @ApiProperty({ type: [Number], example: [1, 3, 5] }) weekdays: number[];
  @ApiProperty({ example: '08:00' }) earliest: string;
  @ApiProperty({ example: '12:00' }) latest: string;
}

export class WaitingEntryCreatedResponse extends WaitingEntryResponse {
  @ApiProperty({ description: 'The key to see the entry or leave the list: shown once, stored only as a hash.' }) manageToken: string;
}

export function waitingEntryResponse(entry: WaitingEntry): WaitingEntryResponse {
  return {
    id: entry.id,
    status: entry.status,
    serviceId: entry.serviceId,
    officeIds: entry.officeIds,
    weekdays: entry.weekdays,
    earliest: formatMinutes(entry.earliestMinute),
    latest: formatMinutes(entry.latestMinute),
  };
}
