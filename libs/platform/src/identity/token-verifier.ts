import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '../http/problem';
import { ROLES, type Principal, type Role } from './principal';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
}

/** Verifies bearer tokens (signature, issuer, audience, time) and reads our claims from them. */
export class TokenVerifier {
  constructor(private readonly options: TokenVerifierOptions) {}

  static remote(issuer: string, audience: string, jwksUrl: string): TokenVerifier {
    return new TokenVerifier({ issuer, audience, keys: createRemoteJWKSet(new URL(jwksUrl)) });
  }

  static local(issuer: string, audience: string, publicJwks: Parameters<typeof createLocalJWKSet>[0]): TokenVerifier {
    return new TokenVerifier({ issuer, audience, keys: createLocalJWKSet(publicJwks) });
  }

  async verify(token: string): Promise<Principal> {
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
    if (typeof payload.sub !== 'string' || typeof tenant !== 'string') {
      throw DomainError.unauthorized('AUTH.INVALID_TOKEN', 'The token lacks the "sub" or "tenant" claim.');
    }
    return { userId: payload.sub, tenant, roles, email: typeof payload.email === 'string' ? payload.email : undefined };
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted.`;
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
    return 'The token was not signed by a trusted key.';
  return 'The token could not be verified.';
}
