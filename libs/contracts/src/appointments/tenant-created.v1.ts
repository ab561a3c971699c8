import { TenantEvent } from './tenant-event';

/** A provider-admin put a municipality on amtsweg (or the demo seed did, through the same use case). */
export class TenantCreatedV1 extends TenantEvent {
  static readonly type = 'de.amtsweg.appointments.tenant.created.v1';
  static readonly topic = 'appointments.tenant-registry';
}
