export const ROLES = ['staff', 'clerk', 'it-admin', 'tenant-admin', 'provider-admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as a verified token says: a person of one tenant. Never a provider-admin (see ProviderPrincipal). */
export interface Principal {
  /** Stable user id (the token's `sub`). */
  userId: string;
  tenant: string;
  /** Never `provider-admin`: TokenVerifier refuses a token that holds it and names a tenant. */
  roles: Role[];
  email?: string;
}

/**
 * An operator of the IT service provider (`provider-admin`): their token names no tenant. Kept a
 * type of its own so that no tenant route can be handed a principal without a tenant — AuthGuard
 * admits it only on routes that name `provider-admin`, and keeps it apart from `CurrentPrincipal`.
 */
export interface ProviderPrincipal {
  kind: 'provider-admin';
  userId: string;
  email?: string;
}

export function isProviderPrincipal(caller: Principal | ProviderPrincipal): caller is ProviderPrincipal {
  return 'kind' in caller && caller.kind === 'provider-admin';
}

/** Who made an admin change, as the admin audit records it: an operator, a municipality's admin, or its SCIM client (the token's id). */
export interface AdminActor {
  userId: string;
  role: 'provider-admin' | 'tenant-admin' | 'scim';
}
