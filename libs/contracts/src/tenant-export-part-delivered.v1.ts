import { IsIn, IsString, IsUUID, Matches } from 'class-validator';

/** The services that each serve one part of a municipality's export archive. */
export const EXPORT_PART_SERVICES = ['appointments', 'messaging', 'signatures', 'devices'] as const;
export type ExportPartService = (typeof EXPORT_PART_SERVICES)[number];

/**
 * A service streamed its part of an off-boarding export to the end (`GET …/exports/{id}/{service}.json`).
 * Appointments, which owns the export, marks the part delivered: a tenant is deleted only after all four were.
 */
export abstract class TenantExportPartDelivered {
  @IsUUID() exportId: string;
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsIn(EXPORT_PART_SERVICES) service: ExportPartService;
}

export class MessagingExportPartDeliveredV1 extends TenantExportPartDelivered {
  static readonly type = 'de.amtsweg.messaging.tenant.export-part-delivered.v1';
  static readonly topic = 'messaging.tenant-export';
}

export class SignaturesExportPartDeliveredV1 extends TenantExportPartDelivered {
  static readonly type = 'de.amtsweg.signatures.tenant.export-part-delivered.v1';
  static readonly topic = 'signatures.tenant-export';
}

export class DevicesExportPartDeliveredV1 extends TenantExportPartDelivered {
  static readonly type = 'de.amtsweg.devices.tenant.export-part-delivered.v1';
  static readonly topic = 'devices.tenant-export';
}
