import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';

/** The German federal states, whose public holidays close a tenant's offices. */
export const FEDERAL_STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
export type FederalState = (typeof FEDERAL_STATES)[number];

/**
 * Every tenant event carries the municipality's whole state after the change, keyed by its slug:
 * `appointments.tenant-registry` is compacted (only the newest record per slug is kept, forever), and
 * the newest record alone must tell a service that starts later everything it needs — so nothing but
 * these whole-state records, and at the end `tenant.deleted` (tenant-deleted.v1.ts), may go on that
 * topic under a slug. `revision` counts
 * the changes, so a projection never goes back to an older state it receives again.
 */
export abstract class TenantEvent {
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) slug: string;
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsIn(FEDERAL_STATES) federalState: FederalState;
  @IsString() @IsNotEmpty() @MaxLength(64) timeZone: string;
  @IsBoolean() suspended: boolean;
  @IsInt() @Min(1) revision: number;
}
