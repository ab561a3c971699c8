import { Injectable } from '@nestjs/common';
import { DomainError, PlatformConfig } from '@amtsweg/platform';

export interface OidcEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

const CACHE_MS = 60 * 60 * 1000;
const TIMEOUT_MS = 5000;

/** The identity provider's sign-in endpoints, from its discovery document; asked once an hour. */
@Injectable()
export class OidcDiscovery {
  private cached?: { endpoints: OidcEndpoints; until: number };

  constructor(private readonly config: PlatformConfig) {}

  async endpoints(): Promise<OidcEndpoints> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.endpoints;
    const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const document = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      .then((response) => (response.ok ? (response.json() as Promise<Record<string, unknown>>) : undefined))
      .catch(() => undefined);
    const authorizationEndpoint = document?.authorization_endpoint;
    const tokenEndpoint = document?.token_endpoint;
    if (typeof authorizationEndpoint !== 'string' || typeof tokenEndpoint !== 'string') {
      throw new DomainError(
        503,
        'OIDC.DISCOVERY_FAILED',
        'The identity provider cannot be reached right now; please try again shortly.',
        undefined,
        { 'Retry-After': '30' },
      );
    }
    const endpoints = { authorizationEndpoint, tokenEndpoint };
    this.cached = { endpoints, until: Date.now() + CACHE_MS };
    return endpoints;
  }
}
