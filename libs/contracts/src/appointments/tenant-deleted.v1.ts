import { IsInt, IsString, Matches, Min } from 'class-validator';

/**
 * A provider-admin off-boarded a municipality: every service erases its rows and refuses the slug
 * from then on, for good. It goes on the compacted `appointments.tenant-registry` under the slug,
 * after the whole-state records (tenant-event.ts): compaction keeps it as the slug's newest record,
 * so a service that starts later learns the deletion instead of the tenant.
 */
export class TenantDeletedV1 {
  static readonly type = 'de.amtsweg.appointments.tenant.deleted.v1';
  static readonly topic = 'appointments.tenant-registry';

  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) slug: string;
  /** One more than the tenant's last `tenant.*` record. */
  @IsInt() @Min(1) revision: number;
}
