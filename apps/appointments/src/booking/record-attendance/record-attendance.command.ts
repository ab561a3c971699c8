import type { Tenant } from '../../tenancy/tenant';
import type { AttendanceStatus } from '../booking';

/** A clerk records what happened: the citizen arrived, was served, or did not come. */
export class RecordAttendanceCommand {
  constructor(
    readonly tenant: Tenant,
    readonly reference: string,
    readonly status: AttendanceStatus,
  ) {}
}
