import { isValidImei } from './imei';

export const DEVICE_TYPES = ['laptop', 'tablet', 'phone', 'hotspot', 'accessory'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** How protocols name a type. */
export const DEVICE_TYPE_NAMES: Readonly<Record<DeviceType, string>> = {
  laptop: 'Laptop',
  tablet: 'Tablet',
  phone: 'Telefon',
  hotspot: 'Hotspot',
  accessory: 'Zubehör',
};

export const DEVICE_STATUSES = ['in_stock', 'reserved', 'provisioning', 'ready', 'handed_over', 'returned', 'retired'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/**
 * The lifecycle, and nothing else: in stock → reserved → provisioning → ready → handed over →
 * returned → in stock | retired. Every pair not listed here is refused (409).
 */
export const DEVICE_TRANSITIONS: Readonly<Record<DeviceStatus, readonly DeviceStatus[]>> = {
  in_stock: ['reserved'],
  reserved: ['provisioning'],
  provisioning: ['ready'],
  ready: ['handed_over'],
  handed_over: ['returned'],
  returned: ['in_stock', 'retired'],
  retired: [],
};

export function canTransition(from: DeviceStatus, to: DeviceStatus): boolean {
  return DEVICE_TRANSITIONS[from].includes(to);
}

export function isDeviceType(value: unknown): value is DeviceType {
  return typeof value === 'string' && (DEVICE_TYPES as readonly string[]).includes(value);
}

export interface PurchaseData {
  orderNumber: string | null;
  supplier: string | null;
  /** `YYYY-MM-DD` */
  deliveredOn: string | null;
  /** `YYYY-MM-DD` */
  warrantyUntil: string | null;
}

export interface Device {
  id: string;
  tenant: string;
  type: DeviceType;
  model: string;
  serial: string;
  assetTag: string | null;
  imei: string | null;
  purchase: PurchaseData;
  status: DeviceStatus;
  /** The employee holding it (handed over), else null. */
  holderId: string | null;
  /** Who registered it, and whether one by one or by import: the first history entry. */
  createdBy: string;
  createdVia: 'api' | 'import';
  createdAt: Date;
  updatedAt: Date;
}

export interface DeviceHistoryEntry {
  at: Date;
  actor: string;
  from: DeviceStatus | null;
  to: DeviceStatus;
  reason: string | null;
  details: Record<string, unknown> | null;
}

/** What a new device must carry; the same rules for one device over HTTP and a CSV row. */
export interface NewDevice {
  type: DeviceType;
  model: string;
  serial: string;
  assetTag: string | null;
  imei: string | null;
  purchase: PurchaseData;
}

/** A calendar date `YYYY-MM-DD` that exists (no 31 February). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Field problems of a new device, in German where they reach people; empty when it is valid. */
export function newDeviceProblems(device: NewDevice): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (!isDeviceType(device.type)) problems.push({ field: 'type', message: `Gerätetyp muss einer von ${DEVICE_TYPES.join(', ')} sein` });
  if (!device.model || device.model.length > 200)
    problems.push({ field: 'model', message: 'Modell fehlt oder ist länger als 200 Zeichen' });
  if (!device.serial || !/^[A-Za-z0-9._/-]{1,100}$/.test(device.serial))
    problems.push({ field: 'serial', message: 'Seriennummer fehlt oder enthält unzulässige Zeichen' });
  if (device.assetTag !== null && (device.assetTag.length === 0 || device.assetTag.length > 100))
    problems.push({ field: 'assetTag', message: 'Inventarnummer ist länger als 100 Zeichen' });
  if (device.imei !== null && !isValidImei(device.imei))
    problems.push({ field: 'imei', message: 'IMEI muss 15 Ziffern haben und die Prüfziffer (Luhn) muss stimmen' });
  const { orderNumber, supplier, deliveredOn, warrantyUntil } = device.purchase;
  if (orderNumber !== null && orderNumber.length > 100)
    problems.push({ field: 'orderNumber', message: 'Bestellnummer ist länger als 100 Zeichen' });
  if (supplier !== null && supplier.length > 200) problems.push({ field: 'supplier', message: 'Lieferant ist länger als 200 Zeichen' });
  if (deliveredOn !== null && !isCalendarDate(deliveredOn))
    problems.push({ field: 'deliveredOn', message: 'Lieferdatum muss ein Datum JJJJ-MM-TT sein' });
  if (warrantyUntil !== null && !isCalendarDate(warrantyUntil))
    problems.push({ field: 'warrantyUntil', message: 'Garantieende muss ein Datum JJJJ-MM-TT sein' });
  else if (warrantyUntil !== null && deliveredOn !== null && isCalendarDate(deliveredOn) && warrantyUntil < deliveredOn) {
    problems.push({ field: 'warrantyUntil', message: 'Garantieende liegt vor dem Lieferdatum' });
  }
  return problems;
}
