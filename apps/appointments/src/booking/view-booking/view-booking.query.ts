import type { Tenant } from '../../tenancy/tenant';

/** The citizen opens their booking with reference and manage token. */
export class ViewBookingQuery {
  constructor(
    readonly tenant: Tenant,
    readonly reference: string,
    readonly token: unknown,
  ) {}
}
