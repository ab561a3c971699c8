import type { Tenant } from '../../tenancy/tenant';

/** The citizen calls the appointment off, with reference and manage token. */
export class CancelBookingCommand {
  constructor(
    readonly tenant: Tenant,
    readonly reference: string,
    readonly token: unknown,
  ) {}
}
