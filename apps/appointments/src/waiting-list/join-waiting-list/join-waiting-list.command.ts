import type { Citizen } from '../../booking/booking';
import type { Tenant } from '../../tenancy/tenant';
import type { StatedPreferences } from '../../preferences/stated-preferences';

/** A citizen with no fitting slot asks to be offered one when it frees up. */
export class JoinWaitingListCommand {
  constructor(
    readonly tenant: Tenant,
    readonly serviceId: string,
    readonly preferences: StatedPreferences,
    readonly citizen: Citizen,
  ) {}
}
