import type { DeviceType } from '../inventory/device';

export const REQUEST_STATUSES = ['submitted', 'approved', 'rejected', 'handover_requested', 'handed_over'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface RequestItem {
  type: DeviceType;
  count: number;
}

export interface DeviceRequest {
  id: string;
  tenant: string;
  requesterId: string;
  items: RequestItem[];
  justification: string;
  /** `YYYY-MM-DD` */
  neededBy: string;
  status: RequestStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  handoverId: string | null;
  /** Why the last handover did not happen (the employee refused to sign, with their reason). */
  handoverFailure: string | null;
  deviceIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** How many devices of each type the items ask for. */
export function countsByType(items: RequestItem[]): Map<DeviceType, number> {
  const counts = new Map<DeviceType, number>();
  for (const item of items) counts.set(item.type, (counts.get(item.type) ?? 0) + item.count);
  return counts;
}

/**
 * How a kit stands against what its request asks for: `complete` (each type exactly as asked),
 * `short` (nothing extra, something missing: after a drop) or `mismatch` (a type not asked for, or too many).
 */
export function kitFit(items: RequestItem[], kit: ReadonlyArray<{ type: DeviceType }>): 'complete' | 'short' | 'mismatch' {
  const wanted = countsByType(items);
  const given = countsByType(kit.map((device) => ({ type: device.type, count: 1 })));
  if ([...given].some(([type, count]) => count > (wanted.get(type) ?? 0))) return 'mismatch';
  return [...wanted].every(([type, count]) => given.get(type) === count) ? 'complete' : 'short';
}
