import { EXPORT_PART_SERVICES } from '@amtsweg/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { TenantExport } from './tenant-exports';

export class TenantExportPartResponse {
  @ApiProperty({ enum: EXPORT_PART_SERVICES, description: 'Served at `…/exports/{id}/{service}.json`' }) service: string;
  @ApiProperty({ description: 'The service streamed its part to the end at least once' }) delivered: boolean;
}

export class TenantExportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'beispielstadt' }) tenant: string;
  @ApiProperty({ example: '2026-12-08T09:00:00.000Z' }) requestedAt: string;
  @ApiProperty({ type: [TenantExportPartResponse] }) parts: TenantExportPartResponse[];
}

export function tenantExportResponse(tenantExport: TenantExport): TenantExportResponse {
  return {
    id: tenantExport.id,
    tenant: tenantExport.tenant,
    requestedAt: tenantExport.requestedAt.toISOString(),
    parts: tenantExport.parts.map(({ service, delivered }) => ({ service, delivered })),
  };
}

/** Where an export is read, and below it each part (`/{service}.json`) and the gateway's `/archive`. */
export function exportLocation(tenant: string, id: string): string {
  return `/api/v1/tenants/${tenant}/exports/${id}`;
}
