import type { Tenant } from '../../tenancy/tenant';

/** The citizen follows the mailed link: reference and the manage token only their mailbox got. */
export class ConfirmBookingCommand {
  constructor(
    readonly tenant: Tenant,
    readonly reference: string,
    readonly token: unknown,
  ) {}
}
