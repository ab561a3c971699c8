import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '../http/problem';
import type { Principal, Role } from './principal';

/** The roles a tenant's issuer can grant through its role mapping (never `provider-admin`). */
export const TENANT_ISSUER_ROLES = ['staff', 'clerk', 'it-admin', 'tenant-admin'] as const;

/** A municipality's own OpenID Connect issuer, as messaging's directory stores it and every service projects it. */
export interface TenantIdentity {
  tenant: string;
  issuer: string;
  audience: string;
  clientId: string;
  /** A claim name or a dotted path (`realm_access.roles`, `resource_access.<client>.roles`, `roles`). */
  rolesClaim: string;
  roleMapping: Record<string, string>;
  /** 'claim': the token must say `email_verified: true`; 'trusted': the issuer vouches for every address (Entra ID). */
  emailVerified: 'claim' | 'trusted';
}

/** Where a service finds the issuer a token names: messaging's own table, or a service's projection of its events. */
export interface TenantIdentitySource {
  findByIssuer(issuer: string): Promise<TenantIdentity | undefined>;
}

/** What a tenant's token says of its person, once verified. */
export interface SignInClaims {
  tenant: string;
  email: string;
  roles: Role[];
  /** For a person created just in time: the token's `name` (or given and family name), if any. */
  name?: string;
}

/** Our person for a verified address: messaging's directory (which creates them just in time), or a service's copy of it. */
export interface PersonLookup {
  personFor(claims: SignInClaims): Promise<{ id: string; active: boolean } | undefined>;
}

const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256', 'EdDSA'];
const CACHE_MS = 5_000;
const MAX_CACHED = 1_000;

/**
 * Signs in the people of a municipality with the municipality's own issuer. A token whose `iss` is
 * not the platform issuer is looked up among the tenants' configured issuers; it is verified against
 * that issuer's keys (discovery → `jwks_uri`, cached) and the configured audience, and names a person
 * of **that** tenant only — the tenant comes from the configuration, never from a claim of the token.
 * The person is ours (the directory's id), found by the token's verified `email`; the roles are the
 * token's roles claim through the tenant's role mapping.
 *
 * Every service registers its sources at start (messaging its own tables; the others their
 * projections), as with DeactivatedPeople.
 */
@Injectable()
export class TenantSignIn {
  private readonly identities: TenantIdentitySource[] = [];
  private readonly people: PersonLookup[] = [];
  private readonly byIssuer = new Map<string, { identity: TenantIdentity | undefined; until: number }>();
  private readonly keys = new Map<string, Promise<JWTVerifyGetKey>>();

  /** `first`: messaging's directory, asked before the copies (it alone creates people just in time). */
  register(source: { identities?: TenantIdentitySource; people?: PersonLookup }, options: { first?: boolean } = {}): void {
    if (source.identities) this.identities[options.first ? 'unshift' : 'push'](source.identities);
    if (source.people) this.people[options.first ? 'unshift' : 'push'](source.people);
  }

  /** A change of this instance (PUT or DELETE, a projected event): the next token reads the configuration anew. */
  forget(issuer?: string): void {
    if (issuer === undefined) this.byIssuer.clear();
    else this.byIssuer.delete(issuer);
  }

  /** The principal of a token from a tenant's issuer; 401 `AUTH.INVALID_TOKEN` for an issuer no tenant configured. */
  async verify(token: string, issuer: string): Promise<Principal> {
    const identity = await this.identityFor(issuer);
    if (!identity) throw DomainError.unauthorized('AUTH.INVALID_TOKEN', 'The token was not issued by a trusted issuer.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keysFor(identity.issuer), {
        issuer: identity.issuer,
        audience: identity.audience,
        algorithms: ALGORITHMS,
        clockTolerance: 5,
      }));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw DomainError.unauthorized('AUTH.INVALID_TOKEN', "The token could not be verified with the municipality's identity provider.");
    }
    const email = typeof payload.email === 'string' ? payload.email.trim() : '';
    if (!email || email.length > 254 || !email.includes('@'))
      throw DomainError.unauthorized('AUTH.EMAIL_NOT_VERIFIED', 'The token names no e-mail address.');
    if (identity.emailVerified === 'claim' && payload.email_verified !== true)
      throw DomainError.unauthorized('AUTH.EMAIL_NOT_VERIFIED', "The identity provider has not verified this person's e-mail address.");
    const claims: SignInClaims = { tenant: identity.tenant, email, roles: mappedRoles(payload, identity), name: displayName(payload) };
    const person = await this.personFor(claims);
    if (!person)
      throw DomainError.unauthorized(
        'AUTH.PERSON_NOT_PROVISIONED',
        'This service does not know this person yet: sign in to the workspace first, then try again in a moment.',
      );
    if (!person.active)
      throw new DomainError(401, 'AUTH.PERSON_DEACTIVATED', 'This person has been deactivated and can no longer sign in.', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    return { userId: person.id, tenant: identity.tenant, roles: claims.roles, email };
  }

  private async identityFor(issuer: string): Promise<TenantIdentity | undefined> {
    const now = Date.now();
    const cached = this.byIssuer.get(issuer);
    if (cached && cached.until > now) return cached.identity;
    let identity: TenantIdentity | undefined;
    for (const source of this.identities) {
      identity = await source.findByIssuer(issuer);
      if (identity) break;
    }
    // Bounded: `iss` is the caller's to choose, so unknown issuers must not grow the map without end.
    if (this.byIssuer.size >= MAX_CACHED) this.byIssuer.clear();
    this.byIssuer.set(issuer, { identity, until: now + CACHE_MS });
    return identity;
  }

  private async personFor(claims: SignInClaims): Promise<{ id: string; active: boolean } | undefined> {
    for (const lookup of this.people) {
      const person = await lookup.personFor(claims);
      if (person) return person;
    }
    return undefined;
  }

  private keysFor(issuer: string): Promise<JWTVerifyGetKey> {
    let keys = this.keys.get(issuer);
    if (!keys) {
      keys = discoverKeys(issuer);
      this.keys.set(issuer, keys);
      // A failed discovery is tried again by the next token, not remembered.
      keys.catch(() => this.keys.delete(issuer));
    }
    return keys;
  }
}

/** The issuer's discovery document names its key set; jose fetches and caches the keys (and refetches for a new `kid`). */
async function discoverKeys(issuer: string): Promise<JWTVerifyGetKey> {
  try {
    const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error('discovery names no jwks_uri');
    const keys = new URL(jwksUri);
    // An https issuer's keys come over https too: a discovery document must not point the services at plain-http (internal) addresses.
    if (keys.protocol !== 'https:' && new URL(issuer).protocol === 'https:') throw new Error('jwks_uri is not https');
    return createRemoteJWKSet(keys, { timeoutDuration: 5_000 });
  } catch {
    throw DomainError.unauthorized('AUTH.INVALID_TOKEN', "The municipality's identity provider could not be reached to verify the token.");
  }
}

/** The claim at a dotted path (`realm_access.roles`); a claim whose own name holds dots (`https://x/roles`) is read whole first. */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The token's values of the roles claim through the role mapping; unmapped values are ignored. */
export function mappedRoles(payload: Record<string, unknown>, identity: Pick<TenantIdentity, 'rolesClaim' | 'roleMapping'>): Role[] {
  const claim = claimAt(payload, identity.rolesClaim);
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
  const roles = new Set<Role>();
  for (const value of values) {
    if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(identity.roleMapping, value)) continue;
    const role = identity.roleMapping[value];
    if ((TENANT_ISSUER_ROLES as readonly string[]).includes(role)) roles.add(role as Role);
  }
  return [...roles];
}

function displayName(payload: JWTPayload): string | undefined {
  const parts = [payload.given_name, payload.family_name].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim() : parts.join(' ').trim();
  return name ? name.slice(0, 200) : undefined;
}
