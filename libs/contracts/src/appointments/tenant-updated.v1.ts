import { TenantEvent } from './tenant-event';

/** A municipality was renamed, suspended or reactivated: its whole state after the change. */
export class TenantUpdatedV1 extends TenantEvent {
  static readonly type = 'de.amtsweg.appointments.tenant.updated.v1';
  static readonly topic = 'appointments.tenant-registry';
}
