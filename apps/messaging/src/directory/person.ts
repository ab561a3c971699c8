import type { Role } from '@amtsweg/platform';

/** The roles a person of a municipality can hold: every role but the provider's own. */
export const PERSON_ROLES = ['staff', 'clerk', 'it-admin', 'tenant-admin'] as const satisfies readonly Role[];
export type PersonRole = (typeof PERSON_ROLES)[number];

/** A person of a tenant's directory. */
export interface Person {
  id: string;
  tenant: string;
  /** As given (for mails); unique within the tenant whatever its case. */
  email: string;
  name: string;
  roles: PersonRole[];
  active: boolean;
  /** The id the municipality's own directory gives them (SCIM `externalId`), if any. */
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What makes two addresses the same person within a tenant. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Roles once each, in the order of PERSON_ROLES; undefined when one is not a role a person can hold. */
export function personRoles(roles: readonly string[]): PersonRole[] | undefined {
  if (!roles.every((role) => (PERSON_ROLES as readonly string[]).includes(role))) return undefined;
  return PERSON_ROLES.filter((role) => roles.includes(role));
}

/** What a change to a person asks for; absent fields stay. */
export interface PersonChange {
  name?: string;
  roles?: PersonRole[];
  active?: boolean;
  /** A new address (SCIM `userName`); still unique within the tenant. */
  email?: string;
  /** SCIM `externalId`; null clears it. */
  externalId?: string | null;
}

/** The person after `change`, and whether anything changed at all. */
export function changed(person: Person, change: PersonChange, now: Date): { person: Person; differs: boolean } {
  const next: Person = {
    ...person,
    name: change.name?.trim() ?? person.name,
    roles: change.roles ?? person.roles,
    active: change.active ?? person.active,
    email: change.email?.trim() ?? person.email,
    externalId: change.externalId === undefined ? person.externalId : change.externalId,
  };
  const differs =
    next.name !== person.name ||
    next.active !== person.active ||
    next.roles.join() !== person.roles.join() ||
    next.email !== person.email ||
    next.externalId !== person.externalId;
  return { person: differs ? { ...next, updatedAt: now } : person, differs };
}

/** A person as the admin audit shows them before and after a change (names and e-mail: an admin audit needs them). */
export function personAuditView(person: Person): Record<string, unknown> {
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    roles: [...person.roles],
    active: person.active,
    externalId: person.externalId,
  };
}
