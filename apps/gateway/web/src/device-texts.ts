import { t, type MessageKey } from './i18n.js';

export const DEVICE_TYPES = ['laptop', 'tablet', 'phone', 'hotspot', 'accessory'] as const;

export interface DeviceRequest {
  id: string;
  requesterId: string;
  items: Array<{ type: string; count: number }>;
  justification: string;
  neededBy: string;
  status: string;
  rejectionReason: string | null;
  createdAt: string;
}

export const DEVICE_STATUSES = [
  'in_stock',
  'reserved',
  'provisioning',
  'ready',
  'handed_over',
  'returned',
  'retired',
  'lost',
  'in_repair',
] as const;

export function deviceStatusText(status: string): string {
  return (DEVICE_STATUSES as readonly string[]).includes(status) ? t(`device.status.${status}` as MessageKey) : status;
}

const STATUSES = new Set(['submitted', 'approved', 'rejected', 'handover_requested', 'handed_over']);

export function deviceTypeText(type: string): string {
  return (DEVICE_TYPES as readonly string[]).includes(type) ? t(`devices.type.${type}` as MessageKey) : type;
}

/** "1 × Laptop, 2 × Zubehör". */
export function requestItemsText(request: DeviceRequest): string {
  return request.items.map((item) => `${item.count} × ${deviceTypeText(item.type)}`).join(', ');
}

export function requestStatusText(status: string): string {
  return STATUSES.has(status) ? t(`devices.status.${status}` as MessageKey) : status;
}
