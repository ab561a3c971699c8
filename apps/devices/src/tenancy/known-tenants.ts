import { DEMO_USERS } from '@amtsweg/platform';

/**
 * The tenants devices knows of. Devices keeps no tenant registry of its own: HTTP callers prove
 * their tenant with a token, but the command line only has a name typed by an operator, so it asks
 * here before it writes anything. Today the answer is the seeded tenants; the `tenant.*` events
 * of onboarding will feed another implementation of this port.
 */
export abstract class KnownTenants {
  abstract has(slug: string): Promise<boolean>;
}

/** The seeded tenants (`demo`, `muster`), as the development issuer's users name them. */
export class SeededTenants extends KnownTenants {
  private readonly slugs = new Set(DEMO_USERS.map((user) => user.tenant));

  async has(slug: string): Promise<boolean> {
    return this.slugs.has(slug);
  }
}
