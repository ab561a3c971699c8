import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageResponse } from '@amtsweg/platform';
import type { DeviceReturn, DeviceReturnStatus } from '../handover/device-return.repository';
import { DEVICE_STATUSES, DEVICE_TYPES, type Device, type DeviceHistoryEntry, type DeviceStatus, type DeviceType } from './device';

export class PurchaseView {
  @ApiProperty({ nullable: true, type: String, example: 'BE-2026-0815' }) orderNumber: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Systemhaus Nord GmbH' }) supplier: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2026-11-02' }) deliveredOn: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2029-11-01' }) warrantyUntil: string | null;
}

export class DeviceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DEVICE_TYPES }) type: DeviceType;
  @ApiProperty({ example: 'Lenovo ThinkPad T14 Gen 5' }) model: string;
  @ApiProperty({ example: 'PF4XK29A' }) serial: string;
  @ApiProperty({ nullable: true, type: String, example: 'INV-2026-0042' }) assetTag: string | null;
  @ApiProperty({ nullable: true, type: String, example: '490154203237518' }) imei: string | null;
  @ApiProperty({ type: PurchaseView }) purchase: PurchaseView;
  @ApiProperty({ enum: DEVICE_STATUSES }) status: DeviceStatus;
  @ApiProperty({ nullable: true, type: String, description: 'The user id of the employee holding it' }) holderId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DeviceHistoryView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'User id of who changed it' }) actor: string;
  @ApiProperty({ enum: DEVICE_STATUSES, nullable: true }) from: DeviceStatus | null;
  @ApiProperty({ enum: DEVICE_STATUSES }) to: DeviceStatus;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object, example: { wiped: true } }) details: Record<string, unknown> | null;
}

export class DeviceReturnView {
  @ApiProperty({ format: 'uuid', description: 'The return protocol (signatures: `handoverId`)' }) id: string;
  @ApiProperty({ enum: ['pending', 'signed', 'refused'] }) status: DeviceReturnStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Why the protocol was refused or expired' }) failure: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DeviceWithHistoryView extends DeviceView {
  @ApiProperty({ type: [DeviceHistoryView], description: 'Oldest first' }) history: DeviceHistoryView[];
  @ApiProperty({ type: DeviceReturnView, nullable: true, description: 'The latest return and whether its wipe confirmation is signed' })
  lastReturn: DeviceReturnView | null;
}

export function returnView(value: DeviceReturn): DeviceReturnView {
  return { id: value.id, status: value.status, failure: value.failure, createdAt: value.createdAt.toISOString() };
}

export class DevicePage extends PageResponse(DeviceView) {}

export function deviceView(device: Device): DeviceView {
  return {
    id: device.id,
    type: device.type,
    model: device.model,
    serial: device.serial,
    assetTag: device.assetTag,
    imei: device.imei,
    purchase: { ...device.purchase },
    status: device.status,
    holderId: device.holderId,
    createdAt: device.createdAt.toISOString(),
    updatedAt: device.updatedAt.toISOString(),
  };
}

export function historyView(entry: DeviceHistoryEntry): DeviceHistoryView {
  return { at: entry.at.toISOString(), actor: entry.actor, from: entry.from, to: entry.to, reason: entry.reason, details: entry.details };
}
