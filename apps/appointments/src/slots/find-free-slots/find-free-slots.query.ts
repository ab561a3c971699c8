import type { Tenant } from '../../tenancy/tenant';

/** Which slots of an office (without one: of every office offering it) can a service still be booked in, between `from` and `to` (epoch ms, `to` exclusive)? */
export class FindFreeSlotsQuery {
  constructor(
    readonly tenant: Tenant,
    readonly officeId: string | undefined,
    readonly serviceId: string,
    readonly from: number | undefined,
    readonly to: number | undefined,
  ) {}
}
