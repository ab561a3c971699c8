import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '../http/problem';
import { ROLES, type Principal, type ProviderPrincipal, type Role } from './principal';
import type { TenantSignIn } from './tenant-sign-in';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  /** The municipalities' own issuers: a token whose `iss` is not `issuer` is verified there (TenantSignIn). */
  tenantIssuers?: TenantSignIn;
}

/** Verifies bearer tokens (signature, issuer, audience, time) and reads our claims from them. */
export class TokenVerifier {
  constructor(private readonly options: TokenVerifierOptions) {}

  static remote(issuer: string, audience: string, jwksUrl: string, tenantIssuers?: TenantSignIn): TokenVerifier {
    return new TokenVerifier({ issuer, audience, keys: createRemoteJWKSet(new URL(jwksUrl)), tenantIssuers });
  }

  static local(
    issuer: string,
    audience: string,
    publicJwks: Parameters<typeof createLocalJWKSet>[0],
    tenantIssuers?: TenantSignIn,
  ): TokenVerifier {
    return new TokenVerifier({ issuer, audience, keys: createLocalJWKSet(publicJwks), tenantIssuers });
  }

  /**
   * A tenant's person: a provider-admin's token is valid, but not here — the caller (the live
   * stream, a tenant route) serves tenants only, so it answers 403.
   */
  async verify(token: string): Promise<Principal> {
    const caller = await this.verifyCaller(token);
    if ('kind' in caller) throw providerAdminNotAllowed();
    return caller;
  }

  /**
   * Any caller: a person of one tenant (`tenant` claim), or an operator of the IT service provider
   * (`provider-admin`, whose token names no tenant). A token with neither a tenant nor that role,
   * or with both, is refused: a tenant's token must never reach the provider routes.
   */
  async verifyCaller(token: string): Promise<Principal | ProviderPrincipal> {
    const issuer = unverifiedIssuer(token);
    // A municipality's own issuer: verified against that issuer, for that tenant only (never a provider-admin).
    if (this.options.tenantIssuers && issuer !== undefined && issuer !== this.options.issuer)
      return this.options.tenantIssuers.verify(token, issuer);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.options.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
        clockTolerance: 5,
      }));
    } catch (error) {
      throw DomainError.unauthorized('AUTH.INVALID_TOKEN', describe(error));
    }
    const tenant = payload.tenant;
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r)) : [];
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    if (typeof payload.sub !== 'string') throw DomainError.unauthorized('AUTH.INVALID_TOKEN', 'The token lacks the "sub" claim.');
    const providerAdmin = roles.includes('provider-admin');
    if (tenant === undefined && providerAdmin) return { kind: 'provider-admin', userId: payload.sub, email };
    if (typeof tenant !== 'string') throw DomainError.unauthorized('AUTH.INVALID_TOKEN', 'The token lacks the "tenant" claim.');
    if (providerAdmin) throw DomainError.unauthorized('AUTH.INVALID_TOKEN', 'A provider-admin token names no tenant.');
    return { userId: payload.sub, tenant, roles, email };
  }
}

/** A provider-admin on a route of a municipality: they run the registry, and see no citizen's or staff's data. */
export function providerAdminNotAllowed(): DomainError {
  return DomainError.forbidden(
    'AUTH.PROVIDER_ADMIN_NOT_ALLOWED',
    "A provider-admin may call the provider routes only, not a municipality's own routes.",
  );
}

/** The `iss` the token claims, read before any check only to choose whose keys verify it. */
function unverifiedIssuer(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted.`;
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
    return 'The token was not signed by a trusted key.';
  return 'The token could not be verified.';
}
