import type { Tenant } from '../../tenancy/tenant';

/** The citizen moves the booking to another slot of the same office and service. */
export class RescheduleBookingCommand {
  constructor(
    readonly tenant: Tenant,
    readonly reference: string,
    readonly token: unknown,
    /** The new start, epoch ms. */
    readonly start: number,
  ) {}
}
