import { FEDERAL_STATES } from '@amtsweg/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { Tenant } from './tenant';
import type { TenantCounts } from './tenant-directory';

/** A municipality as the provider sees it. */
export class TenantResponse {
  @ApiProperty({ example: 'beispielstadt', description: 'The path segment of every tenant route' }) slug: string;
  @ApiProperty({ example: 'Stadt Beispielstadt' }) name: string;
  @ApiProperty({ enum: FEDERAL_STATES, example: 'NW' }) federalState: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({ description: 'Suspended: citizens 404, staff 403 `TENANT.SUSPENDED`, in every service' }) suspended: boolean;
}

export class TenantCountsResponse {
  @ApiProperty({ example: 2 }) offices: number;
  @ApiProperty({ example: 3 }) services: number;
  @ApiProperty({ example: 8, description: 'Active people of the directory (from its person events)' }) people: number;
}

export class TenantWithCountsResponse extends TenantResponse {
  @ApiProperty({ type: TenantCountsResponse }) counts: TenantCountsResponse;
}

export function tenantResponse(tenant: Tenant): TenantResponse {
  const { slug, name, federalState, timeZone, suspended } = tenant;
  return { slug, name, federalState, timeZone, suspended };
}

export function tenantWithCounts(tenant: Tenant, counts: TenantCounts | undefined): TenantWithCountsResponse {
  return { ...tenantResponse(tenant), counts: counts ?? { offices: 0, services: 0, people: 0 } };
}
