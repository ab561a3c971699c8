import type { StatedRequest } from '../preferences/stated-preferences';

export type ReleaseStatus = 'collecting' | 'drawn';
export type ReleaseRequestStatus = 'entered' | 'won' | 'lost';

/**
 * New capacity released as a draw: the free slots of `serviceId` at `officeIds` between
 * `slotsFrom` and `slotsTo` are held back from first-come booking; requests are collected until
 * `requestsUntil`, then drawn. `seed` stays secret until the draw; `seedSha256` is public from
 * the start, so the published seed proves it was not chosen after seeing the requests.
 */
export interface Release {
  id: string;
  tenant: string;
  serviceId: string;
  officeIds: string[];
  slotsFrom: Date;
  slotsTo: Date;
  requestsUntil: Date;
  seed: string;
  seedSha256: string;
  status: ReleaseStatus;
  slotsDrawn: number | null;
  createdAt: Date;
  drawnAt: Date | null;
}

export interface ReleaseRequest extends StatedRequest {
  id: string;
  tenant: string;
  releaseId: string;
  status: ReleaseRequestStatus;
  bookingId: string | null;
  createdAt: Date;
}
