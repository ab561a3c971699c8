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
  requesterEmail: string | null;
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
