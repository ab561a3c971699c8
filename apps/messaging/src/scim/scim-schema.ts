import type { Person } from '../directory/person';

export const SCIM_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** What SCIM clients send and receive; the problem filter answers errors in the same type. */
export const SCIM_CONTENT_TYPE = 'application/scim+json';
/** The most resources one list answer holds (ServiceProviderConfig `filter.maxResults`). */
export const SCIM_MAX_RESULTS = 200;

export const scimBase = (publicUrl: string, tenant: string): string => `${publicUrl}/api/v1/tenants/${tenant}/scim/v2`;

export interface ListResponse<T> {
  schemas: [typeof SCIM_SCHEMAS.listResponse];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/** RFC 7644 §3.4.2.4: `startIndex` is 1-based (below 1 counts as 1); `count` below 0 as 0, above the maximum as the maximum. */
export function page<T>(all: T[], query: { startIndex?: string; count?: string }): ListResponse<T> {
  const number = (text: string | undefined, fallback: number) => {
    const parsed = Number.parseInt(text ?? '', 10);
    return Number.isFinite(parsed) ? parsed : fallback;
  };
  const startIndex = Math.max(1, number(query.startIndex, 1));
  const count = Math.min(SCIM_MAX_RESULTS, Math.max(0, number(query.count, SCIM_MAX_RESULTS)));
  const resources = all.slice(startIndex - 1, startIndex - 1 + count);
  return {
    schemas: [SCIM_SCHEMAS.listResponse],
    totalResults: all.length,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/**
 * Our `name` is one string. SCIM's given and family name are its parts: composed as
 * "givenName familyName" when written, split on the last space when read (no space: all of it is
 * the family name). "Anna Maria Schmidt" reads as givenName "Anna Maria", familyName "Schmidt".
 */
export function splitName(name: string): { givenName?: string; familyName: string } {
  const space = name.lastIndexOf(' ');
  return space < 0 ? { familyName: name } : { givenName: name.slice(0, space), familyName: name.slice(space + 1) };
}

export function composeName(givenName: string | undefined, familyName: string | undefined): string {
  return [givenName, familyName]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .join(' ');
}

export function scimUser(person: Person, base: string): Record<string, unknown> {
  return {
    schemas: [SCIM_SCHEMAS.user],
    id: person.id,
    ...(person.externalId ? { externalId: person.externalId } : {}),
    userName: person.email,
    name: { ...splitName(person.name), formatted: person.name },
    displayName: person.name,
    emails: [{ value: person.email, primary: true, type: 'work' }],
    active: person.active,
    roles: person.roles.map((value) => ({ value })),
    meta: {
      resourceType: 'User',
      created: person.createdAt.toISOString(),
      lastModified: person.updatedAt.toISOString(),
      location: `${base}/Users/${person.id}`,
      version: `W/"${person.updatedAt.getTime()}"`,
    },
  };
}
