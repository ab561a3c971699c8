import type { Principal } from '@amtsweg/platform';

/** It-admins see the tenant's whole inventory; everyone else only the devices they hold. */
export function seesWholeInventory(principal: Principal): boolean {
  return principal.roles.includes('it-admin');
}
