import type { Tenant } from '../../tenancy/tenant';

/** A clerk's list of an office's bookings on one local day. */
export class ListDayBookingsQuery {
  constructor(
    readonly tenant: Tenant,
    readonly officeId: string,
    /** `YYYY-MM-DD` in the office's zone; undefined: today there. */
    readonly date: string | undefined,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {}
}
