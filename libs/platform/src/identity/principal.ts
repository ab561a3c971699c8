export const ROLES = ['staff', 'clerk', 'it-admin', 'tenant-admin', 'provider-admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as a verified token says. */
export interface Principal {
  /** Stable user id (the token's `sub`). */
  userId: string;
  tenant: string;
  roles: Role[];
  email?: string;
}
