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
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/**
 * The lifecycle, and nothing else. Every pair not listed here is refused (409).
 * - The rollout: in stock → reserved → provisioning → ready → handed over → returned → in stock | retired.
 * - A device leaves a kit before it is handed over: reserved, provisioning or ready → in stock (it holds
 *   no one's data yet; enrollment only installed the tenant's profile).
 * - Broken on delivery: in stock → retired.
 * - Lost: a device on the shelf, with an employee, or in repair; found (→ in stock) or written off
 *   (→ retired). A device in a kit is taken out of it first, so a kit never waits for a lost device.
 * - In repair: from the shelf (in stock, returned); repaired (→ in stock), beyond repair (→ retired) or
 *   lost at the repairer. A device with an employee is returned (wiped) before it goes to repair.
 */
export const DEVICE_TRANSITIONS: Readonly<Record<DeviceStatus, readonly DeviceStatus[]>> = {
  in_stock: ['reserved', 'retired', 'lost', 'in_repair'],
  reserved: ['provisioning', 'in_stock'],
  provisioning: ['ready', 'in_stock'],
  ready: ['handed_over', 'in_stock'],
  handed_over: ['returned', 'lost'],
  returned: ['in_stock', 'retired', 'lost', 'in_repair'],
  retired: [],
  lost: ['in_stock', 'retired'],
  in_repair: ['in_stock', 'retired', 'lost'],
};

/** The statuses of a device in a kit that is not handed over yet. */
const KIT_STATUSES: readonly DeviceStatus[] = ['reserved', 'provisioning', 'ready'];

export function canTransition(from: DeviceStatus, to: DeviceStatus): boolean {
  return DEVICE_TRANSITIONS[from].includes(to);
}

/** Whether this step takes a device out of the kit it was reserved for (release, swap, drop). */
export function leavesKit(from: DeviceStatus, to: DeviceStatus): boolean {
  return KIT_STATUSES.includes(from) && to === 'in_stock';
}

/**
 * Whether a person must say why: every step off the rollout path (broken, released, lost, found,
 * repaired) — the history is the only place that reason lives.
 */
export function needsReason(from: DeviceStatus, to: DeviceStatus): boolean {
  const offRollout = [from, to].some((status) => status === 'lost' || status === 'in_repair');
  return offRollout || leavesKit(from, to) || (from === 'in_stock' && to === 'retired');
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
  /** The request whose kit it belongs to (reserved for it until handed over), else null. */
  requestId: string | null;
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
