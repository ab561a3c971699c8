import type { Role } from './principal';

export interface DemoUser {
  /** Stable across restarts, so tokens and data that name the user keep matching. */
  id: string;
  email: string;
  name: string;
  tenant: string;
  roles: Role[];
}

const TENANTS = [
  { slug: 'demo', domain: 'demo.example', idPrefix: '0190a000-0000-7000-8000-00000000010' },
  { slug: 'muster', domain: 'muster.example', idPrefix: '0190a000-0000-7000-8000-00000000020' },
];

const PEOPLE: Array<{ local: string; name: string; roles: Role[] }> = [
  { local: 'staff', name: 'Sam Sachbearbeitung', roles: ['staff'] },
  { local: 'clerk', name: 'Clara Bürgerbüro', roles: ['clerk', 'staff'] },
  { local: 'it-admin', name: 'Ivo IT-Betrieb', roles: ['it-admin', 'staff'] },
  { local: 'admin', name: 'Ada Verwaltung', roles: ['tenant-admin', 'staff'] },
];

/** The seeded users of the development issuer (API-CONVENTIONS.md, "Tenants, identity, seeds"). */
export const DEMO_USERS: readonly DemoUser[] = TENANTS.flatMap((tenant) =>
  PEOPLE.map((person, index) => ({
    id: `${tenant.idPrefix}${index + 1}`,
    email: `${person.local}@${tenant.domain}`,
    name: person.name,
    tenant: tenant.slug,
    roles: person.roles,
  })),
);

/**
 * The provider's demo operator: a provider-admin of no tenant (their token has no `tenant` claim),
 * so not a person of any tenant's directory.
 */
export const DEMO_PROVIDER_ADMIN = {
  id: '0190a000-0000-7000-8000-000000000001',
  email: 'betrieb@amtsweg.example',
  name: 'Betrieb Amtsweg',
  roles: ['provider-admin'] as Role[],
} as const;
